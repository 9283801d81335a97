//! This crate calls the C helpers (directly, and through refcount-sys's
//! inline methods, which are compiled here): hand rustc the helpers'
//! bitcode that refcount-sys's build script made, so that helperlink's
//! plugin inlines them into this crate.
fn main() {
    let bitcode = std::env::var("DEP_REFCOUNT_BITCODE")
        .expect("refcount-sys's build script says where the helpers' bitcode is");
    // Quoted, as HELPERLINK_HELPERS is read ('...' keeps ':' and blanks).
    let quoted = bitcode.replace('\'', r"'\''");
    println!("cargo:rustc-env=HELPERLINK_HELPERS='{quoted}'");
    println!("cargo:rerun-if-env-changed=DEP_REFCOUNT_BITCODE");
}
