//! Links liburing, and compiles the helpers as C into a static library
//! for a build without helperlink (`cargo build`). With `cargo helperlink`
//! they are inlined (Cargo.toml, [package.metadata.helperlink]) and the
//! linker leaves the library's copy out.
//!
//! CLANG (default clang-22) and AR (default llvm-ar-22) pick the tools.

use std::env;
use std::path::PathBuf;
use std::process::Command;

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
    let object = out.join("helpers.o");
    run(Command::new(&clang)
        .arg(format!("--target={target}"))
        .args(["-O2", "-c", "helpers.c", "-o"])
        .arg(&object));
    let lib = out.join("liburing_helpers.a");
    let _ = std::fs::remove_file(&lib);
    run(Command::new(&ar).arg("crs").arg(&lib).arg(&object));
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static=uring_helpers");
    println!("cargo:rustc-link-lib=uring");
    println!("cargo:rerun-if-changed=helpers.c");
    println!("cargo:rerun-if-env-changed=CLANG");
    println!("cargo:rerun-if-env-changed=AR");
}
