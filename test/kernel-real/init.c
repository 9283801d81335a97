// /init of scripts/kernel-boot's initramfs where the host has no busybox for
// the guest's architecture (arm64, riscv64, loongarch64). The same steps and
// "KB:" lines as init.sh, on the kernel's own nolibc (tools/include/nolibc):
//
//   clang-22 --target=TRIPLE -static -nostdlib -ffreestanding -O2
//     -I<uapi headers> -include nolibc.h init.c -o init
//
// The last line is "KB: done", then the kernel restarts (QEMU -no-reboot exits).

// nolibc renamed its raw system calls in Linux 7.x.
#ifndef my_syscall0
#define my_syscall0 __nolibc_syscall0
#define my_syscall2 __nolibc_syscall2
#define my_syscall3 __nolibc_syscall3
#endif
#ifndef AT_REMOVEDIR
#define AT_REMOVEDIR 0x200
#endif

static const char *const modules[] = {"rust_minimal",          "rust_print",
                                      "helperlink_bench_c",    "helperlink_bench_rust",
                                      "helperlink_vvec",       "rnull_mod"};
#define NMODULES (sizeof(modules) / sizeof(modules[0]))

// 4 KiB requests of 32768 each way, as init.sh's dd.
#define BLOCK 4096
#define COUNT 32768
static char buffer[BLOCK] __attribute__((aligned(BLOCK)));

static void put(int fd, const char *s) { write(fd, s, strlen(s)); }

/// strcat, which this nolibc lacks.
static char *append(char *dst, const char *src) {
  strcpy(dst + strlen(dst), src);
  return dst;
}

static void line(const char *a, const char *b, const char *c) {
  put(1, a);
  put(1, b);
  put(1, c);
  put(1, "\n");
}

/// A line in the kernel's log, timestamped by printk: the host times rnull
/// from two of them, as it does for init.sh.
static void kmsg(const char *a, const char *b) {
  int fd = open("/dev/kmsg", O_WRONLY);
  char msg[160];
  if (fd < 0)
    return;
  strcpy(msg, a);
  append(msg, b);
  append(msg, "\n");
  put(fd, msg);
  close(fd);
}

static int insmod(const char *name) {
  char path[96];
  strcpy(path, "/modules/");
  append(path, name);
  append(path, ".ko");
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  long ret = my_syscall3(__NR_finit_module, fd, "", 0);
  close(fd);
  return ret == 0 ? 0 : -1;
}

static int rmmod(const char *name) {
  return my_syscall2(__NR_delete_module, name, O_NONBLOCK) == 0 ? 0 : -1;
}

#define RNULL_CONFIGFS "/sys/kernel/config/rnull"

/// Writes TEXT to the file PATH (a configfs attribute); 0 on success.
static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY);
  int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);
  if (fd >= 0)
    close(fd);
  return ok ? 0 : -1;
}

/// COUNT requests of BLOCK bytes with O_DIRECT; the number that completed.
static long rnull(int write_op) {
  int fd = open("/dev/rnullb0", (write_op ? O_WRONLY : O_RDONLY) | O_DIRECT);
  long done = 0;
  if (fd < 0)
    return -1;
  for (; done < COUNT; ++done)
    if ((write_op ? write(fd, buffer, BLOCK) : read(fd, buffer, BLOCK)) != BLOCK)
      break;
  close(fd);
  return done;
}

int main(void) {
  struct utsname u;
  struct stat st;
  char text[64];

  mount("proc", "/proc", "proc", 0, 0);
  mount("sysfs", "/sys", "sysfs", 0, 0);
  mount("devtmpfs", "/dev", "devtmpfs", 0, 0);
  uname(&u);
  line("KB: init ", u.release, "");

  for (unsigned i = 0; i < NMODULES; ++i)
    line("KB: insmod ", modules[i], insmod(modules[i]) ? " FAILED" : " ok");

  // rnull: 7.3's driver makes its disks through configfs, 6.12's at load.
  if (stat("/sys/kernel/config", &st) == 0 &&
      mount("configfs", "/sys/kernel/config", "configfs", 0, 0) == 0 &&
      stat(RNULL_CONFIGFS, &st) == 0) {
    int ok = mkdir(RNULL_CONFIGFS "/rnullb0", 0755) == 0 &&
             write_file(RNULL_CONFIGFS "/rnullb0/power", "1\n") == 0;
    line("KB: rnull configfs ", ok ? "ok" : "FAILED", "");
  }
  if (stat("/dev/rnullb0", &st) == 0 && S_ISBLK(st.st_mode)) {
    int fd = open("/sys/block/rnullb0/size", O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, text, sizeof(text) - 1) : -1;
    text[n > 0 ? n - 1 : 0] = 0; // without the newline
    if (fd >= 0)
      close(fd);
    line("KB: rnull size ", text, "");
    for (int w = 1; w >= 0; --w) {
      const char *op = w ? "write" : "read";
      char end[96];
      strcpy(end, op);
      append(end, " begin");
      kmsg("KB: rnull ", end);
      long done = rnull(w);
      strcpy(end, op);
      append(end, done == COUNT ? " end rc=0" : " end rc=1");
      append(end, " bytes=134217728 requests=");
      append(end, ltoa(done));
      kmsg("KB: rnull ", end);
    }
  } else {
    line("KB: rnull FAILED: no /dev/rnullb0", "", "");
  }

  if (stat(RNULL_CONFIGFS "/rnullb0", &st) == 0 &&
      (write_file(RNULL_CONFIGFS "/rnullb0/power", "0\n") != 0 ||
       my_syscall3(__NR_unlinkat, AT_FDCWD, RNULL_CONFIGFS "/rnullb0", AT_REMOVEDIR) != 0))
    line("KB: rnull configfs removal FAILED", "", "");
  for (int i = NMODULES - 1; i >= 0; --i)
    line("KB: rmmod ", modules[i], rmmod(modules[i]) ? " FAILED" : " ok");
  line("KB: done", "", "");
  my_syscall0(__NR_sync);
  reboot(LINUX_REBOOT_CMD_RESTART);
  return 0;
}
