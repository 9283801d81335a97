// The few language items the no_core test crates need (Inputs/arm64_*.rs,
// refcount_crate.rs), as rustc's own tests' minicore: rustup's toolchain
// here has a prebuilt core for the host only. Built with RUSTC_BOOTSTRAP=1,
// --emit=metadata, for the crate's target; the crates take it by --extern.
#![feature(no_core, lang_items)]
#![no_core]
#![allow(internal_features)]

#[lang = "pointee_sized"]
pub trait PointeeSized {}
#[lang = "meta_sized"]
pub trait MetaSized: PointeeSized {}
#[lang = "sized"]
pub trait Sized: MetaSized {}
#[lang = "copy"]
pub trait Copy {}
impl Copy for i32 {}
