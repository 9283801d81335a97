//===- InlineDecisionTest.cpp - decideInline, missingFeatures, merging ----===//
//
// Each test builds a rustc-style caller @rust_fn calling a clang-style helper
// @helper and asks whether that call may be inlined, using the shared
// x86_64-unknown-linux-gnu / x86-64 target machine.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "helperlink/Inline.h"

#include "llvm/IR/Attributes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace helperlink;
using namespace helperlink::test;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace {

const char *const PlainHelperBody = "entry:\n"
                                    "  %y = add nsw i32 %x, 1\n"
                                    "  ret i32 %y\n";

/// Attributes of a helper that agrees with the rustc caller on everything
/// but \p Extra.
std::string helperAttrs(StringRef Extra) {
  return ("nounwind \"target-cpu\"=\"x86-64\" " + Extra).str();
}

std::string withFeatures(StringRef Features, StringRef Extra = "") {
  return helperAttrs(("\"target-features\"=\"" + Features + "\" " + Extra).str());
}

class DecideInline : public ::testing::Test {
protected:
  LLVMContext Ctx;
  std::unique_ptr<Module> M;
  Function *Caller = nullptr;
  Function *Helper = nullptr;
  CallBase *Call = nullptr;

  /// Builds rust_fn -> helper with the given function attributes, the
  /// helper's signature/body, and attributes on the call site.
  void build(StringRef CallerAttrs, StringRef HelperAttrs, StringRef HelperBody = PlainHelperBody,
             StringRef CallSiteAttrs = "", bool VarArg = false) {
    std::string IR;
    raw_string_ostream OS(IR);
    OS << X86Header;
    OS << "define noundef i32 @rust_fn(i32 noundef %x) unnamed_addr #0 {\n"
       << "start:\n";
    if (VarArg)
      OS << "  %r = call noundef i32 (i32, ...) @helper(i32 noundef %x, i32 7)";
    else
      OS << "  %r = call noundef i32 @helper(i32 noundef %x)";
    if (!CallSiteAttrs.empty())
      OS << " #2";
    OS << "\n  ret i32 %r\n}\n";
    if (HelperBody.empty())
      OS << "declare i32 @helper(i32 noundef" << (VarArg ? ", ..." : "") << ") #1\n";
    else
      OS << "define dso_local i32 @helper(i32 noundef %x" << (VarArg ? ", ..." : "") << ") #1 {\n"
         << HelperBody << "}\n";
    OS << "attributes #0 = { " << CallerAttrs << " }\n";
    OS << "attributes #1 = { " << HelperAttrs << " }\n";
    if (!CallSiteAttrs.empty())
      OS << "attributes #2 = { " << CallSiteAttrs << " }\n";
    OS.flush();

    M = parseIR(Ctx, IR);
    ASSERT_TRUE(M);
    std::string Broken;
    raw_string_ostream BOS(Broken);
    ASSERT_FALSE(verifyModule(*M, &BOS)) << Broken << "\n" << IR;
    Caller = M->getFunction("rust_fn");
    Helper = M->getFunction("helper");
    ASSERT_TRUE(Caller && Helper);
    Call = findCall(*Caller, "helper");
    ASSERT_TRUE(Call);
  }

  InlineDecision decide(const TargetMachine *TM = &x86TargetMachine()) {
    return decideInline(*Call, *Helper, TM);
  }
};

//===----------------------------------------------------------------------===//
// Accepted: LLVM's known false positives
//===----------------------------------------------------------------------===//

TEST_F(DecideInline, NullPointerIsValidHelperIsAcceptedAndNoted) {
  // The kernel's C is built with -fno-delete-null-pointer-checks; LLVM's
  // inliner would refuse it into a Rust caller.
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs("null_pointer_is_valid")));
  InlineDecision D = decide();
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
  EXPECT_THAT(D.Reason, HasSubstr("null_pointer_is_valid"));
}

TEST_F(DecideInline, NoBuiltinHelperIsAcceptedAndNoted) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs("\"no-builtin-wcslen\"")));
  InlineDecision D = decide();
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
  EXPECT_THAT(D.Reason, HasSubstr("no-builtin-wcslen"));
}

TEST_F(DecideInline, NoBuiltinBothSidesHaveIsNotNoted) {
  ASSERT_NO_FATAL_FAILURE(build(std::string(RustcFnAttrs) + " \"no-builtin-wcslen\"",
                                helperAttrs("\"no-builtin-wcslen\"")));
  InlineDecision D = decide();
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
  EXPECT_THAT(D.Reason, Not(HasSubstr("no-builtin-wcslen")));
}

TEST_F(DecideInline, ClangBaselineFeaturesMatchRustcsImplicitOnes) {
  // rustc writes only "target-cpu"="x86-64"; clang spells the same feature
  // set out. The strings differ, the feature bits do not.
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, withFeatures(ClangBaselineFeatures)));
  InlineDecision D = decide();
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
}

TEST_F(DecideInline, ClangBaselineWithGenericTuneCpuIsAccepted) {
  ASSERT_NO_FATAL_FAILURE(
      build(RustcFnAttrs, withFeatures(ClangBaselineFeatures, "\"tune-cpu\"=\"generic\"")));
  InlineDecision D = decide();
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
}

TEST_F(DecideInline, RealisticKernelHelperIsAcceptedWithEveryOverrideNoted) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, clangKernelFnAttrs()));
  InlineDecision D = decide();
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
  EXPECT_THAT(D.Reason, HasSubstr("null_pointer_is_valid"));
  EXPECT_THAT(D.Reason, HasSubstr("no-builtin-wcslen"));
}

TEST_F(DecideInline, IdenticalTargetNeedsNoTargetMachine) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs("")));
  InlineDecision D = decide(/*TM=*/nullptr);
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
  EXPECT_EQ(D.Reason, "");
}

TEST_F(DecideInline, BaselineHelperIntoAvx2CallerIsAccepted) {
  ASSERT_NO_FATAL_FAILURE(
      build(std::string("nounwind \"target-cpu\"=\"x86-64\" \"target-features\"=\"") +
                ClangAVX2Features + "\"",
            withFeatures(ClangBaselineFeatures)));
  InlineDecision D = decide();
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
}

//===----------------------------------------------------------------------===//
// Refused
//===----------------------------------------------------------------------===//

TEST_F(DecideInline, Avx2HelperIntoBaselineCallerIsRefused) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, withFeatures(ClangAVX2Features)));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("avx2"));
}

TEST_F(DecideInline, Avx2HelperIsRefusedEvenWhenAlwaysInline) {
  // alwaysinline cannot make AVX2 code safe to run on a baseline CPU.
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, withFeatures(ClangAVX2Features, "alwaysinline")));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("avx2"));
}

TEST_F(DecideInline, DifferentTargetWithoutTargetMachineIsRefused) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, withFeatures(ClangBaselineFeatures)));
  InlineDecision D = decide(/*TM=*/nullptr);
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("target"));
}

TEST_F(DecideInline, VarargsHelperIsRefused) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs(""), PlainHelperBody,
                                /*CallSiteAttrs=*/"", /*VarArg=*/true));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("variable arguments"));
}

TEST_F(DecideInline, NoinlineHelperIsRefused) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs("noinline")));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("noinline"));
}

TEST_F(DecideInline, NoinlineCallSiteIsRefused) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs(""), PlainHelperBody,
                                /*CallSiteAttrs=*/"noinline"));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("call site"));
  EXPECT_THAT(D.Reason, HasSubstr("noinline"));
}

TEST_F(DecideInline, RecursiveHelperIsRefused) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs(""),
                                "entry:\n"
                                "  %done = icmp eq i32 %x, 0\n"
                                "  br i1 %done, label %base, label %step\n"
                                "step:\n"
                                "  %n = sub i32 %x, 1\n"
                                "  %r = call i32 @helper(i32 %n)\n"
                                "  %s = add i32 %r, %x\n"
                                "  ret i32 %s\n"
                                "base:\n"
                                "  ret i32 0\n"));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("recursive"));
}

TEST_F(DecideInline, SelfCallInsideHelperIsRefused) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs(""),
                                "entry:\n"
                                "  %done = icmp eq i32 %x, 0\n"
                                "  br i1 %done, label %base, label %step\n"
                                "step:\n"
                                "  %n = sub i32 %x, 1\n"
                                "  %r = call i32 @helper(i32 %n)\n"
                                "  ret i32 %r\n"
                                "base:\n"
                                "  ret i32 0\n"));
  CallBase *Inner = findCall(*Helper, "helper");
  ASSERT_TRUE(Inner);
  InlineDecision D = decideInline(*Inner, *Helper, &x86TargetMachine());
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("recursive"));
}

TEST_F(DecideInline, HelperCallingSetjmpIsRefused) {
  // A returns_twice call (setjmp) cannot be moved into another frame.
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs(""),
                                "entry:\n"
                                "  %buf = alloca [200 x i8], align 16\n"
                                "  %r = call i32 @_setjmp(ptr %buf) #3\n"
                                "  ret i32 %r\n"
                                "}\n"
                                "declare i32 @_setjmp(ptr) #3\n"
                                "attributes #3 = { returns_twice }\n"
                                "define void @unused() {\n"
                                "  ret void\n"));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("returns-twice"));
}

TEST_F(DecideInline, CallerSanitizeAddressMismatchIsRefusedAndNamed) {
  // A crate built with -Zsanitizer=address calling uninstrumented C.
  ASSERT_NO_FATAL_FAILURE(build(std::string(RustcFnAttrs) + " sanitize_address", helperAttrs("")));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("sanitize_address"));
}

TEST_F(DecideInline, HelperSanitizeAddressMismatchIsRefusedAndNamed) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs("sanitize_address")));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("sanitize_address"));
}

TEST_F(DecideInline, BothSanitizeAddressIsAccepted) {
  ASSERT_NO_FATAL_FAILURE(
      build(std::string(RustcFnAttrs) + " sanitize_address", helperAttrs("sanitize_address")));
  InlineDecision D = decide();
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
}

TEST_F(DecideInline, HelperWithoutBodyIsRefused) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs(""), /*HelperBody=*/""));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("no body"));
}

TEST_F(DecideInline, OptnoneCallerIsRefused) {
  ASSERT_NO_FATAL_FAILURE(build(std::string(RustcFnAttrs) + " noinline optnone", helperAttrs("")));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("optnone"));
}

//===----------------------------------------------------------------------===//
// missingFeatures
//===----------------------------------------------------------------------===//

TEST_F(DecideInline, MissingFeaturesNamesAvx2) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, withFeatures(ClangAVX2Features)));
  std::vector<std::string> Missing = missingFeatures(*Caller, *Helper, x86TargetMachine());
  EXPECT_THAT(Missing, Contains("avx2"));
  EXPECT_THAT(Missing, Contains("avx"));
  EXPECT_THAT(Missing, Not(Contains("sse2"))) << "the baseline has sse2";
  EXPECT_TRUE(std::is_sorted(Missing.begin(), Missing.end()));
}

TEST_F(DecideInline, MissingFeaturesIsEmptyForClangVsRustcSpelling) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, withFeatures(ClangBaselineFeatures)));
  EXPECT_THAT(missingFeatures(*Caller, *Helper, x86TargetMachine()), IsEmpty());
}

TEST_F(DecideInline, MissingFeaturesIsEmptyForBaselineIntoAvx2Caller) {
  ASSERT_NO_FATAL_FAILURE(
      build(std::string("nounwind \"target-cpu\"=\"x86-64\" \"target-features\"=\"") +
                ClangAVX2Features + "\"",
            withFeatures(ClangBaselineFeatures)));
  EXPECT_THAT(missingFeatures(*Caller, *Helper, x86TargetMachine()), IsEmpty());
}

//===----------------------------------------------------------------------===//
// mergeHelperAttributes
//===----------------------------------------------------------------------===//

TEST_F(DecideInline, MergeCarriesNullPointerAndNoBuiltin) {
  ASSERT_NO_FATAL_FAILURE(
      build(RustcFnAttrs, helperAttrs("null_pointer_is_valid \"no-builtin-wcslen\"")));
  ASSERT_FALSE(Caller->hasFnAttribute(Attribute::NullPointerIsValid));
  mergeHelperAttributes(*Caller, *Helper);
  EXPECT_TRUE(Caller->hasFnAttribute(Attribute::NullPointerIsValid));
  EXPECT_TRUE(Caller->nullPointerIsDefined());
  EXPECT_TRUE(Caller->hasFnAttribute("no-builtin-wcslen"));
  // The caller keeps its own target: merging is not a feature upgrade.
  EXPECT_EQ(Caller->getFnAttribute("target-cpu").getValueAsString(), "x86-64");
  EXPECT_FALSE(Caller->hasFnAttribute("target-features"));
  EXPECT_FALSE(verifyModule(*M, &errs()));
}

TEST_F(DecideInline, MergeCarriesNullPointerNoBuiltinButNotAnUnsetStackProtector) {
  // The kernel's C is built with -fstack-protector-strong; rustc's callers
  // carry no stack-protector attribute, and LLVM's merge keeps it that way.
  ASSERT_NO_FATAL_FAILURE(
      build(RustcFnAttrs, helperAttrs("null_pointer_is_valid sspstrong \"no-builtin-wcslen\"")));
  InlineDecision D = decideInline(*Call, *Helper, &x86TargetMachine());
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
  EXPECT_THAT(D.Reason, HasSubstr("helper's stack protector not applied"));
  mergeHelperAttributes(*Caller, *Helper);
  EXPECT_TRUE(Caller->hasFnAttribute(Attribute::NullPointerIsValid));
  EXPECT_TRUE(Caller->hasFnAttribute("no-builtin-wcslen"));
  EXPECT_FALSE(Caller->hasStackProtectorFnAttr());
  EXPECT_FALSE(verifyModule(*M, &errs()));
}

TEST_F(DecideInline, MergeFromRealisticKernelHelper) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, clangKernelFnAttrs()));
  mergeHelperAttributes(*Caller, *Helper);
  EXPECT_TRUE(Caller->hasFnAttribute(Attribute::NullPointerIsValid));
  EXPECT_TRUE(Caller->hasFnAttribute("no-builtin-wcslen"));
  EXPECT_FALSE(Caller->hasFnAttribute("target-features"));
}

TEST_F(DecideInline, MergeCarriesNoBuiltins) {
  // -ffreestanding / -fno-builtin C.
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs("\"no-builtins\"")));
  mergeHelperAttributes(*Caller, *Helper);
  EXPECT_TRUE(Caller->hasFnAttribute("no-builtins"));
}

TEST_F(DecideInline, MergeUpgradesAWeakerStackProtector) {
  ASSERT_NO_FATAL_FAILURE(build(std::string(RustcFnAttrs) + " ssp", helperAttrs("sspstrong")));
  mergeHelperAttributes(*Caller, *Helper);
  EXPECT_TRUE(Caller->hasFnAttribute(Attribute::StackProtectStrong));
  EXPECT_FALSE(Caller->hasFnAttribute(Attribute::StackProtect));
}

TEST_F(DecideInline, MergeDoesNotWeakenAStrongerStackProtector) {
  ASSERT_NO_FATAL_FAILURE(build(std::string(RustcFnAttrs) + " sspreq", helperAttrs("sspstrong")));
  mergeHelperAttributes(*Caller, *Helper);
  EXPECT_TRUE(Caller->hasFnAttribute(Attribute::StackProtectReq));
  EXPECT_FALSE(Caller->hasFnAttribute(Attribute::StackProtectStrong));
}

TEST_F(DecideInline, MergeLeavesAPlainCallerPlainForAPlainHelper) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs("")));
  AttributeSet Before = Caller->getAttributes().getFnAttrs();
  mergeHelperAttributes(*Caller, *Helper);
  EXPECT_EQ(Caller->getAttributes().getFnAttrs(), Before);
}

} // namespace

//===----------------------------------------------------------------------===//
// Mitigations and instrumentation (docs/hardening.md)
//===----------------------------------------------------------------------===//

TEST_F(DecideInline, StackProbingMergesIntoACallerWithout) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs("\"probe-stack\"=\"inline-asm\"")));
  if (Caller->hasFnAttribute("probe-stack"))
    Caller->removeFnAttr("probe-stack");
  InlineDecision D = decide();
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
  EXPECT_THAT(D.Reason, HasSubstr("probe-stack=inline-asm merged into caller"));
  mergeHelperAttributes(*Caller, *Helper);
  EXPECT_EQ(Caller->getFnAttribute("probe-stack").getValueAsString(), "inline-asm");
}

TEST_F(DecideInline, ZeroCallUsedRegsIsInlinedWithANote) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs("\"zero-call-used-regs\"=\"used-gpr\"")));
  InlineDecision D = decide();
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
  EXPECT_THAT(D.Reason, HasSubstr("zero-call-used-regs=used-gpr not applied"));
}

TEST_F(DecideInline, FtraceHooksAreInlinedWithANote) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs("\"fentry-call\"=\"true\" "
                                                          "\"patchable-function-entry\"=\"4\"")));
  InlineDecision D = decide();
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
  EXPECT_THAT(D.Reason, HasSubstr("__fentry__ call not applied"));
  EXPECT_THAT(D.Reason, HasSubstr("patchable-function-entry=4 not applied"));
}

TEST_F(DecideInline, HooksTheCallerSharesAreNotNoted) {
  const char *Hooks = "\"fentry-call\"=\"true\" \"zero-call-used-regs\"=\"used-gpr\"";
  ASSERT_NO_FATAL_FAILURE(
      build((std::string(RustcFnAttrs) + " " + Hooks).c_str(), helperAttrs(Hooks)));
  InlineDecision D = decide();
  EXPECT_TRUE(D.ShouldInline) << D.Reason;
  EXPECT_THAT(D.Reason, Not(HasSubstr("not applied")));
}

TEST_F(DecideInline, ShadowCallStackMismatchIsRefusedNamingTheOption) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs("shadowcallstack")));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("helper has shadowcallstack (-fsanitize=shadow-call-stack)"));
}

TEST_F(DecideInline, ReturnAddressSigningMismatchIsRefusedNamingTheOption) {
  ASSERT_NO_FATAL_FAILURE(build(RustcFnAttrs, helperAttrs("\"sign-return-address\"=\"non-leaf\"")));
  InlineDecision D = decide();
  EXPECT_FALSE(D.ShouldInline);
  EXPECT_THAT(D.Reason, HasSubstr("caller none, helper 'non-leaf'"));
  EXPECT_THAT(D.Reason, HasSubstr("-mbranch-protection"));
}

TEST(Signatures, CIshAndLLVMSpellings) {
  LLVMContext Ctx;
  Type *I32 = Type::getInt32Ty(Ctx), *I64 = Type::getInt64Ty(Ctx);
  Type *Ptr = PointerType::getUnqual(Ctx);
  FunctionType *FT = FunctionType::get(I64, {I32, Ptr}, false);
  EXPECT_EQ(cSignature(*FT), "int64_t (int, void *)");
  EXPECT_EQ(llvmSignature(*FT), "i64 (i32, ptr)");
  EXPECT_EQ(cSignature(*FunctionType::get(Type::getVoidTy(Ctx), {}, false)), "void (void)");
  EXPECT_EQ(cSignature(*FunctionType::get(I32, {I32}, true)), "int (int, ...)");
}

TEST(Signatures, AdaptationNamesExactConversionsOnly) {
  LLVMContext Ctx;
  // The crate's declarations (rust_*) against the helpers' definitions.
  std::unique_ptr<Module> M = parseIR(Ctx, R"IR(
define signext i32 @sext_ret(i32 signext %x) { ret i32 %x }
define i32 @plain(i32 %x) { ret i32 %x }
define i64 @wide(i64 %x) { ret i64 %x }
define void @rust() {
  %a = call i64 @sext_ret(i64 1)
  %b = call i64 @plain(i64 1)
  call void @plain(i32 1)
  %c = call i16 @plain(i32 1)
  %d = call i64 @wide(i32 1)
  %e = call ptr @wide(i64 1)
  %f = call i32 @plain(i32 1, i32 2)
  ret void
}
)IR");
  ASSERT_TRUE(M);
  std::vector<std::string> Got;
  for (Instruction &I : M->getFunction("rust")->getEntryBlock())
    if (auto *CB = dyn_cast<CallBase>(&I))
      Got.push_back(signatureAdaptation(*CB, *cast<Function>(CB->getCalledOperand())));
  EXPECT_THAT(Got, ::testing::ElementsAre(
                       "argument 1 truncated to i32, the result sign-extended (signext) to i64",
                       "argument 1 truncated to i32, the result zero-extended to i64",
                       "the result dropped (the crate declares void)",
                       // A narrower result, a narrower argument, a pointer, another count.
                       "", "", "", ""));
}
