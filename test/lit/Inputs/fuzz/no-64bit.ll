; Features that turn off x86_64's own 64-bit mode: the same fatal error.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @rust_helper_counter_inc(ptr)

define void @crate_bump(ptr %c) #0 {
  call void @rust_helper_counter_inc(ptr %c)
  ret void
}

attributes #0 = { "target-cpu"="x86-64" "target-features"="-64bit" }
