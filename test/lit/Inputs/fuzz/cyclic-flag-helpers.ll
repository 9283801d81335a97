; Fuzzer finding: a module flag whose value is a tuple that holds itself,
; through another tuple. Comparing the module flags wrote the value's text
; by recursion, without end: the tool died of a stack overflow (SIGSEGV).
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @rust_helper_counter_inc(ptr %c) {
  %v = atomicrmw add ptr %c, i32 1 monotonic, align 4
  ret void
}

define i32 @rust_helper_counter_read(ptr %c) {
  %v = load atomic i32, ptr %c monotonic, align 4
  ret i32 %v
}

!llvm.module.flags = !{!0}
!0 = !{i32 1, !"fuzz-cycle", !1}
!1 = !{!"a", !2}
!2 = !{!"b", !1}
