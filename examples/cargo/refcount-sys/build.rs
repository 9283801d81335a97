//! Builds the C side with clang (no dependency, no network):
//!
//! - `helpers.bc`: the helpers as LLVM bitcode, for helperlink's rustc
//!   plugin. Its path goes to this crate's rustc (`rustc-env`) and, as
//!   `DEP_REFCOUNT_BITCODE`, to the build scripts of the crates that depend
//!   on this one, which hand it to their own rustc (see app/build.rs).
//! - `librefcount.a`: the library's out-of-line code, and the helpers as
//!   machine code when the plugin is not loaded (plain `cargo build`).
//!   With the plugin the helpers are left out: each crate given the
//!   bitcode gets the helpers it calls inlined (or as its own copy), and a
//!   crate that calls one without being given it fails to link rather than
//!   quietly calling the C function.
//!
//! CLANG (default clang-22, the LLVM of helperlink and rustc) and AR
//! (default llvm-ar-22) pick the tools.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const CFLAGS: &[&str] = &["-O2", "-fno-strict-overflow", "-Wall", "-Wextra"];

fn run(cmd: &mut Command) {
    match cmd.status() {
        Ok(status) if status.success() => {}
        Ok(status) => panic!("{cmd:?} failed: {status}"),
        Err(e) => panic!("cannot run {cmd:?}: {e}"),
    }
}

fn compile(clang: &str, target: &str, src: &Path, out: &Path, extra: &[&str]) {
    run(Command::new(clang)
        .arg(format!("--target={target}"))
        .args(CFLAGS)
        .args(extra)
        .arg("-c")
        .arg(src)
        .arg("-o")
        .arg(out));
}

/// Whether this build loads helperlink's plugin into rustc: the flags cargo
/// gives rustc are the same for every crate of the build.
fn plugin_loaded() -> bool {
    env::var("CARGO_ENCODED_RUSTFLAGS")
        .unwrap_or_default()
        .split('\x1f')
        .any(|flag| flag.contains("llvm-plugins") && flag.contains("helperlink"))
}

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let target = env::var("TARGET").expect("cargo sets TARGET");
    let clang = env::var("CLANG").unwrap_or_else(|_| "clang-22".into());
    let ar = env::var("AR").unwrap_or_else(|_| "llvm-ar-22".into());
    let csrc = Path::new("csrc");

    let bitcode = out.join("helpers.bc");
    compile(&clang, &target, &csrc.join("helpers.c"), &bitcode, &["-emit-llvm"]);

    let mut objects = vec![out.join("refcount.o")];
    compile(&clang, &target, &csrc.join("refcount.c"), &objects[0], &[]);
    if !plugin_loaded() {
        objects.push(out.join("helpers.o"));
        compile(&clang, &target, &csrc.join("helpers.c"), &objects[1], &[]);
    }
    let lib = out.join("librefcount.a");
    let _ = std::fs::remove_file(&lib);
    run(Command::new(&ar).arg("crs").arg(&lib).args(&objects));

    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static=refcount");
    // Quoted, as HELPERLINK_HELPERS is read ('...' keeps ':' and blanks).
    println!("cargo:rustc-env=HELPERLINK_HELPERS='{}'",
             bitcode.display().to_string().replace('\'', r"'\''"));
    println!("cargo:bitcode={}", bitcode.display());
    println!("cargo:rerun-if-changed=csrc");
    println!("cargo:rerun-if-env-changed=CLANG");
    println!("cargo:rerun-if-env-changed=AR");
}
