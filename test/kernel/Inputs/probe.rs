// What rustc emits, with the kernel's flags, when Rust code reads kernel
// data, takes addresses and passes a string, as inlined helper code does
// (kernel-target-relocs.test).
#![no_std]
extern "C" {
    static mut kernel_data: u64;
    static kernel_table: [u32; 4];
    fn kernel_fn(s: *const u8);
}
#[no_mangle]
pub unsafe extern "C" fn probe_read() -> u64 { unsafe { kernel_data + kernel_table[1] as u64 } }
#[no_mangle]
pub unsafe extern "C" fn probe_write(v: u64) { unsafe { kernel_data = v } }
#[no_mangle]
pub unsafe extern "C" fn probe_string() { unsafe { kernel_fn(b"probe\0" as *const u8) } }
#[no_mangle]
pub unsafe extern "C" fn probe_fn_addr() -> unsafe extern "C" fn(*const u8) { kernel_fn }
