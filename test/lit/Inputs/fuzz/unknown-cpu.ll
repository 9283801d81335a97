; Fuzzer finding: a target-cpu LLVM does not know made the x86 subtarget stop
; the process with "64-bit code requested on a subtarget that doesn't
; support it!" when the inlining decision built it.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @rust_helper_counter_inc(ptr)

define void @crate_bump(ptr %c) #0 {
  call void @rust_helper_counter_inc(ptr %c)
  ret void
}

define void @crate_other(ptr %c) #1 {
  call void @rust_helper_counter_inc(ptr %c)
  ret void
}

attributes #0 = { "target-cpu"="x86-64" }
attributes #1 = { "target-cpu"="x86-74" }
