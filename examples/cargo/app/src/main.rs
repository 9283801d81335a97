//! Shares an object between users through the C library's refcount, then
//! drops every reference; prints the counts (formatted with itoa).

use refcount_sys::Refcount;
use std::io::Write;

const USERS: u32 = 1000;

/// Takes `n` references the way hot code does: one helper call each, or,
/// with helperlink, one `lock add` each.
#[inline(never)]
fn take_refs(r: &Refcount, n: u32) {
    for _ in 0..n {
        r.inc();
    }
}

/// Drops `n` references; returns how many times the count reached zero.
#[inline(never)]
fn drop_refs(r: &Refcount, n: u32) -> u32 {
    let mut released = 0;
    for _ in 0..n {
        if r.dec_and_test() {
            released += 1;
        }
    }
    released
}

fn line(out: &mut impl Write, label: &str, n: u64) {
    let mut buf = itoa::Buffer::new();
    writeln!(out, "{label}{}", buf.format(n)).unwrap();
}

fn main() {
    let mut out = std::io::stdout().lock();
    let r = Refcount::new(1);
    take_refs(&r, USERS);
    line(&mut out, "references after taking: ", r.read().into());
    // A direct call of a helper, as raw bindings are used.
    let extra = Refcount::new(1);
    // SAFETY: `extra` is alive.
    unsafe { refcount_sys::rust_helper_refcount_inc(extra.as_ptr()) };
    line(&mut out, "second count: ", extra.read().into());
    let released = drop_refs(&r, USERS + 1);
    line(&mut out, "references after dropping: ", r.read().into());
    line(&mut out, "released: ", released.into());
    line(&mut out, "saturation warnings: ", refcount_sys::warnings());
    let ok = r.read() == 0 && released == 1 && extra.read() == 2 && refcount_sys::warnings() == 0;
    writeln!(out, "result: {}", if ok { "ok" } else { "FAILED" }).unwrap();
    std::process::exit(if ok { 0 } else { 1 });
}
