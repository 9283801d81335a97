#!/bin/busybox sh
# /init of scripts/kernel-boot's initramfs. Every line the host checks starts
# with "KB:"; the last one is "KB: done".
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin /tmp
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "KB: init $(uname -r)"

# Module builds of the samples, the benchmark twins, the Rust null block driver.
for m in rust_minimal rust_print helperlink_bench_c helperlink_bench_rust helperlink_vvec rnull_mod; do
	if insmod "/modules/$m.ko"; then echo "KB: insmod $m ok"; else echo "KB: insmod $m FAILED"; fi
done

# rnull: 7.3's driver makes its disks through configfs, 6.12's at load.
if [ -d /sys/kernel/config ] && mount -t configfs configfs /sys/kernel/config && [ -d /sys/kernel/config/rnull ]; then
	mkdir /sys/kernel/config/rnull/rnullb0 && echo 1 >/sys/kernel/config/rnull/rnullb0/power &&
		echo "KB: rnull configfs ok" || echo "KB: rnull configfs FAILED"
fi
# rnull: the block layer's requests through the Rust driver's queue_rq.
if [ -b /dev/rnullb0 ]; then
	echo "KB: rnull size $(cat /sys/block/rnullb0/size)"
	# busybox's dd prints no rate: the kernel's log timestamps (microseconds)
	# of a line before and after it give the time.
	for op in write read; do
		echo "KB: rnull $op begin" >/dev/kmsg
		if [ $op = write ]; then
			out=$(dd if=/dev/zero of=/dev/rnullb0 bs=4096 count=32768 oflag=direct 2>&1)
		else
			out=$(dd if=/dev/rnullb0 of=/dev/null bs=4096 count=32768 iflag=direct 2>&1)
		fi
		rc=$?
		echo "KB: rnull $op end rc=$rc bytes=134217728 $(echo "$out" | tail -n 1)" >/dev/kmsg
	done
else
	echo "KB: rnull FAILED: no /dev/rnullb0"
fi

if [ -d /sys/kernel/config/rnull/rnullb0 ]; then
	echo 0 >/sys/kernel/config/rnull/rnullb0/power && rmdir /sys/kernel/config/rnull/rnullb0 ||
		echo "KB: rnull configfs removal FAILED"
fi
for m in rnull_mod helperlink_vvec helperlink_bench_rust helperlink_bench_c rust_print rust_minimal; do
	if rmmod "$m"; then echo "KB: rmmod $m ok"; else echo "KB: rmmod $m FAILED"; fi
done
echo "KB: done"
sync
# UML (scripts/kernel-boot passes kb_poweroff) would run again on a restart.
if [ "$1" = kb_poweroff ]; then poweroff -f; else reboot -f; fi
