//! Builds the C library with clang (no dependency, no network):
//! `librefcount.a` has the library's out-of-line code (refcount.c) and the
//! helpers as machine code (helpers.c), for a build without helperlink.
//!
//! With `cargo helperlink`, the helpers declared in Cargo.toml
//! (`[package.metadata.helperlink]`) are inlined into every crate that
//! calls them, and the linker leaves the archive's copy out: nothing here
//! needs to know.
//!
//! CLANG (default clang-22) and AR (default llvm-ar-22) pick the tools.

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

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let target = env::var("TARGET").expect("cargo sets TARGET");
    let clang = env::var("CLANG").unwrap_or_else(|_| "clang-22".into());
    let ar = env::var("AR").unwrap_or_else(|_| "llvm-ar-22".into());

    let mut objects = Vec::new();
    for name in ["refcount", "helpers"] {
        let object = out.join(format!("{name}.o"));
        run(Command::new(&clang)
            .arg(format!("--target={target}"))
            .args(CFLAGS)
            .arg("-c")
            .arg(Path::new("csrc").join(format!("{name}.c")))
            .arg("-o")
            .arg(&object));
        objects.push(object);
    }
    let lib = out.join("librefcount.a");
    let _ = std::fs::remove_file(&lib);
    run(Command::new(&ar).arg("crs").arg(&lib).args(&objects));

    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static=refcount");
    println!("cargo:rerun-if-changed=csrc");
    println!("cargo:rerun-if-env-changed=CLANG");
    println!("cargo:rerun-if-env-changed=AR");
}
