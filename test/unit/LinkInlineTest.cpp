//===- LinkInlineTest.cpp - linkHelpers and inlineHelperCalls together ----===//

#include "TestUtil.h"

#include "helperlink/Inline.h"
#include "helperlink/Link.h"

#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace helperlink;
using namespace helperlink::test;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

namespace {

/// A rustc crate calling the extern "C" functions \p Callees (i32 -> i32)
/// from one function each, rust_fn_<callee>.
std::string crateIR(std::initializer_list<const char *> Callees, StringRef Extra = "") {
  std::string IR;
  raw_string_ostream OS(IR);
  OS << X86Header;
  for (const char *C : Callees) {
    OS << "define noundef i32 @rust_fn_" << C << "(i32 noundef %x) unnamed_addr #0 {\nstart:\n"
       << "  %r = call noundef i32 @" << C << "(i32 noundef %x) #1\n"
       << "  ret i32 %r\n}\n"
       << "declare noundef i32 @" << C << "(i32 noundef) unnamed_addr #0\n";
  }
  OS << Extra;
  OS << "attributes #0 = { " << RustcFnAttrs << " }\n"
     << "attributes #1 = { nounwind }\n"
     << "!llvm.module.flags = !{!0, !1}\n"
     << "!0 = !{i32 8, !\"PIC Level\", i32 2}\n"
     << "!1 = !{i32 2, !\"RtLibUseGOT\", i32 1}\n";
  OS.flush();
  return IR;
}

/// clang-built C helpers: helper_a calls the static helper_b, helper_c is
/// never called by the crate, helper_count keeps state in a static counter,
/// helper_lookup reads a constant table.
std::string helpersIR() {
  return std::string("target datalayout = \"e-m:e-p270:32:32-p271:32:32-p272:64:64-"
                     "i64:64-i128:128-f80:128-n8:16:32:64-S128\"\n"
                     "target triple = \"x86_64-unknown-linux-gnu\"\n"
                     "@counter = internal global i32 0, align 4\n"
                     "@table = internal constant [4 x i32] [i32 2, i32 3, i32 5, i32 7], align 16\n"
                     "\n"
                     "define dso_local i32 @helper_a(i32 noundef %x) #0 {\n"
                     "entry:\n"
                     "  %b = call i32 @helper_b(i32 noundef %x)\n"
                     "  %r = add nsw i32 %b, 1\n"
                     "  ret i32 %r\n"
                     "}\n"
                     "define internal i32 @helper_b(i32 noundef %x) #0 {\n"
                     "entry:\n"
                     "  %r = mul nsw i32 %x, 3\n"
                     "  ret i32 %r\n"
                     "}\n"
                     "define dso_local i32 @helper_c(i32 noundef %x) #0 {\n"
                     "entry:\n"
                     "  %r = sub nsw i32 %x, 1\n"
                     "  ret i32 %r\n"
                     "}\n"
                     "define dso_local i32 @helper_count(i32 noundef %x) #0 {\n"
                     "entry:\n"
                     "  %old = load i32, ptr @counter, align 4\n"
                     "  %new = add nsw i32 %old, %x\n"
                     "  store i32 %new, ptr @counter, align 4\n"
                     "  ret i32 %new\n"
                     "}\n"
                     "define dso_local i32 @helper_lookup(i32 noundef %x) #0 {\n"
                     "entry:\n"
                     "  %i = and i32 %x, 3\n"
                     "  %idx = zext i32 %i to i64\n"
                     "  %p = getelementptr inbounds [4 x i32], ptr @table, i64 0, i64 %idx\n"
                     "  %v = load i32, ptr %p, align 4\n"
                     "  ret i32 %v\n"
                     "}\n"
                     "attributes #0 = { ") +
         clangKernelFnAttrs() +
         " }\n"
         "!llvm.module.flags = !{!0, !1, !2}\n"
         "!0 = !{i32 1, !\"wchar_size\", i32 4}\n"
         "!1 = !{i32 8, !\"PIC Level\", i32 2}\n"
         "!2 = !{i32 7, !\"uwtable\", i32 2}\n"
         "!llvm.ident = !{!3}\n"
         "!3 = !{!\"Debian clang version 22.1.8\"}\n";
}

class LinkAndInline : public ::testing::Test {
protected:
  LLVMContext Ctx;
  std::unique_ptr<Module> Crate;

  InputFile helperFile(StringRef Path, StringRef IR) {
    InputFile In;
    In.Path = Path.str();
    In.Role = InputRole::Helpers;
    In.Format = InputFormat::TextualIR;
    In.M = parseIR(Ctx, IR);
    return In;
  }

  /// Links helpersIR() (and \p More) into a crate calling \p Callees.
  Expected<LinkResult> link(std::initializer_list<const char *> Callees,
                            std::vector<InputFile> More = {}, StringRef CrateExtra = "",
                            LinkOptions Opts = {}) {
    Crate = parseIR(Ctx, crateIR(Callees, CrateExtra));
    if (!Crate)
      return createStringError(inconvertibleErrorCode(), "crate IR");
    std::vector<InputFile> Helpers;
    Helpers.push_back(helperFile("helpers.bc", helpersIR()));
    for (InputFile &F : More)
      Helpers.push_back(std::move(F));
    for (InputFile &F : Helpers)
      if (!F.M)
        return createStringError(inconvertibleErrorCode(), "helper IR");
    return linkHelpers(*Crate, std::move(Helpers), Opts);
  }

  /// Shows the linked crate when a test fails.
  void TearDown() override {
    if (HasFailure() && Crate)
      Crate->print(errs(), nullptr);
  }

  void expectValid() {
    std::string Msg;
    raw_string_ostream OS(Msg);
    EXPECT_FALSE(verifyModule(*Crate, &OS)) << Msg;
  }
};

TEST_F(LinkAndInline, LinksOnlyWhatTheCrateNeedsTransitively) {
  Expected<LinkResult> R = link({"helper_a"});
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_THAT(R->HelpersLinked, UnorderedElementsAre("helper_a", "helper_b"));
  EXPECT_TRUE(R->FromHelpers.count("helper_a"));
  EXPECT_TRUE(R->FromHelpers.count("helper_b"));
  EXPECT_FALSE(R->FromHelpers.count("helper_c"));
  EXPECT_EQ(Crate->getFunction("helper_c"), nullptr) << "unused helper linked";
  EXPECT_EQ(Crate->getFunction("helper_count"), nullptr);
  EXPECT_EQ(Crate->getNamedGlobal("counter"), nullptr);
  expectValid();
}

TEST_F(LinkAndInline, LinkedHelpersHaveLocalLinkage) {
  Expected<LinkResult> R = link({"helper_a", "helper_count"});
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  ASSERT_FALSE(R->HelpersLinked.empty());
  for (const std::string &Name : R->HelpersLinked) {
    Function *F = Crate->getFunction(Name);
    ASSERT_TRUE(F) << Name;
    EXPECT_FALSE(F->isDeclaration()) << Name;
    EXPECT_TRUE(F->hasLocalLinkage()) << Name << " would be exported";
  }
  GlobalVariable *Counter = Crate->getNamedGlobal("counter");
  ASSERT_TRUE(Counter);
  EXPECT_TRUE(Counter->hasLocalLinkage());
}

TEST_F(LinkAndInline, CrateKeepsItsOwnModuleFlagsAndFunctionSet) {
  Expected<LinkResult> R = link({"helper_a"});
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_EQ(Crate->getModuleFlag("wchar_size"), nullptr)
      << "helper module flags must not be merged into the crate";
  EXPECT_NE(Crate->getModuleFlag("RtLibUseGOT"), nullptr);
  EXPECT_EQ(Crate->getNamedMetadata("llvm.ident"), nullptr);
  EXPECT_EQ(R->CrateFunctions.size(), 1u);
  EXPECT_TRUE(R->CrateFunctions.count("rust_fn_helper_a"));
  EXPECT_THAT(R->CrateUndefined, Contains("helper_a"));
  EXPECT_THAT(undefinedSymbols(*Crate), Not(Contains("helper_a")));
}

TEST_F(LinkAndInline, RootsAreTheHelpersTheCrateCalls) {
  Expected<LinkResult> R = link({"helper_a"});
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_TRUE(R->Roots.count("helper_a"));
  EXPECT_FALSE(R->Roots.count("helper_b")) << "only reached through helper_a";
  EXPECT_FALSE(R->Roots.count("helper_c")) << "never called";
}

TEST_F(LinkAndInline, InliningRemovesEveryCallToTheCalledHelper) {
  Expected<LinkResult> R = link({"helper_a"});
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());

  ASSERT_FALSE(S.CallSites.empty());
  EXPECT_EQ(S.CallSites[0].Caller, "rust_fn_helper_a");
  EXPECT_EQ(S.CallSites[0].Callee, "helper_a");
  for (const CallSiteRecord &C : S.CallSites) {
    EXPECT_TRUE(C.Inlined) << C.Caller << " -> " << C.Callee << ": " << C.Reason;
    EXPECT_EQ(C.Caller, "rust_fn_helper_a");
  }
  EXPECT_EQ(countCallsTo(*Crate, "helper_a"), 0u);
  EXPECT_THAT(remainingHelperCalls(*Crate, *R), IsEmpty());
  EXPECT_EQ(Crate->getFunction("helper_a"), nullptr)
      << "a local helper inlined everywhere is deleted";
  expectValid();
}

TEST_F(LinkAndInline, InliningFollowsCallsExposedByInlining) {
  // helper_a calls the static helper_b; once helper_a is inlined into
  // rust_fn_helper_a, that call is crate code calling a helper and is
  // decided (and here inlined) like any other.
  Expected<LinkResult> R = link({"helper_a"});
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());

  std::vector<std::string> Callees;
  for (const CallSiteRecord &C : S.CallSites)
    Callees.push_back(C.Callee);

  EXPECT_THAT(Callees, ElementsAre("helper_a", "helper_b"));
  for (const CallSiteRecord &C : S.CallSites) {
    EXPECT_TRUE(C.Inlined) << C.Caller << " -> " << C.Callee << ": " << C.Reason;
    EXPECT_EQ(C.Caller, "rust_fn_helper_a");
  }
  EXPECT_EQ(countCallsTo(*Crate, "helper_b"), 0u);
  EXPECT_EQ(Crate->getFunction("helper_b"), nullptr);
  expectValid();
}

TEST_F(LinkAndInline, ExposedCallToACalledHelperIsInlinedToo) {
  // The crate calls helper_x and helper_y; helper_x also calls helper_y.
  // Inlining helper_x brings a call to helper_y into crate code, which
  // --require-inlined (remainingHelperCalls) then insists on.
  std::vector<InputFile> More;
  More.push_back(helperFile("xy.bc", std::string(X86Header) +
                                         "define dso_local i32 @helper_y(i32 %x) {\n"
                                         "  %r = xor i32 %x, 5\n"
                                         "  ret i32 %r\n"
                                         "}\n"
                                         "define dso_local i32 @helper_x(i32 %x) {\n"
                                         "  %y = call i32 @helper_y(i32 %x)\n"
                                         "  %r = add i32 %y, 1\n"
                                         "  ret i32 %r\n"
                                         "}\n"));
  Expected<LinkResult> R = link({"helper_x", "helper_y"}, std::move(More));
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_TRUE(R->Roots.count("helper_x"));
  EXPECT_TRUE(R->Roots.count("helper_y"));
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());
  for (const CallSiteRecord &C : S.CallSites)
    EXPECT_TRUE(C.Inlined) << C.Caller << " -> " << C.Callee << ": " << C.Reason;
  std::vector<CallSiteRecord> Left = remainingHelperCalls(*Crate, *R);
  EXPECT_THAT(Left, IsEmpty());
  EXPECT_EQ(countCallsTo(*Crate, "helper_y"), 0u);
  expectValid();
}

TEST_F(LinkAndInline, InliningRecordsTouchedCallersAndAttributeChanges) {
  Expected<LinkResult> R = link({"helper_a"});
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());

  Function *Caller = Crate->getFunction("rust_fn_helper_a");
  ASSERT_TRUE(Caller);
  EXPECT_THAT(S.Touched, ElementsAre(Caller));
  EXPECT_TRUE(Caller->hasFnAttribute(Attribute::NullPointerIsValid));
  EXPECT_TRUE(Caller->hasFnAttribute("no-builtin-wcslen"));
  EXPECT_FALSE(Caller->hasFnAttribute("target-features"));
  EXPECT_EQ(Caller->getFnAttribute("target-cpu").getValueAsString(), "x86-64");

  ASSERT_EQ(S.AttributeChanges.size(), 1u);
  const AttributeChange &Change = S.AttributeChanges[0];
  EXPECT_EQ(Change.Function, "rust_fn_helper_a");
  EXPECT_THAT(Change.Added, Contains("null_pointer_is_valid"));
  EXPECT_THAT(Change.Added, Contains("\"no-builtin-wcslen\""));
  EXPECT_THAT(Change.Removed, IsEmpty());
}

TEST_F(LinkAndInline, StackProtectorIsMergedAsLLVMMergesIt) {
  // A rustc caller has no stack protector; LLVM does not give it the
  // helper's (its guard was never configured), and the report says so.
  Expected<LinkResult> R = link({"helper_a"});
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());
  Function *Caller = Crate->getFunction("rust_fn_helper_a");
  ASSERT_TRUE(Caller);
  EXPECT_FALSE(Caller->hasStackProtectorFnAttr());
  ASSERT_EQ(S.AttributeChanges.size(), 1u);
  EXPECT_THAT(S.AttributeChanges[0].Added, Not(Contains("sspstrong")));
  ASSERT_FALSE(S.CallSites.empty());
  EXPECT_THAT(S.CallSites[0].Reason, HasSubstr("helper's stack protector not applied"));
}

TEST_F(LinkAndInline, MutableStaticIsAGlobalStateHazard) {
  Expected<LinkResult> R = link({"helper_count"});
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  ASSERT_EQ(R->Hazards.size(), 1u);
  EXPECT_EQ(R->Hazards[0].Global, "counter");
  EXPECT_EQ(R->Hazards[0].Helper, "helper_count");
}

TEST_F(LinkAndInline, ConstantTableIsNoHazard) {
  Expected<LinkResult> R = link({"helper_lookup"});
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_THAT(R->HelpersLinked, ElementsAre("helper_lookup"));
  EXPECT_NE(Crate->getNamedGlobal("table"), nullptr);
  EXPECT_THAT(R->Hazards, IsEmpty());
}

TEST_F(LinkAndInline, HazardThroughAConstantExpression) {
  std::vector<InputFile> More;
  More.push_back(
      helperFile("gep.bc", std::string(X86Header) +
                               "@state = internal global [2 x i32] zeroinitializer, align 4\n"
                               "define dso_local i32 @helper_second(i32 noundef %x) {\n"
                               "  %v = load i32, ptr getelementptr inbounds ([2 x i32], ptr "
                               "@state, i64 0, i64 1), align 4\n"
                               "  ret i32 %v\n"
                               "}\n"));
  Expected<LinkResult> R = link({"helper_second"}, std::move(More));
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  ASSERT_EQ(R->Hazards.size(), 1u);
  EXPECT_EQ(R->Hazards[0].Global, "state");
  EXPECT_EQ(R->Hazards[0].Helper, "helper_second");
}

TEST_F(LinkAndInline, HelperFileNeededOnlyByAnotherHelperIsLinked) {
  std::vector<InputFile> More;
  // Listed first, but needed only once helper_outer is linked.
  More.push_back(helperFile("inner.bc", std::string(X86Header) +
                                            "define dso_local i32 @helper_inner(i32 %x) {\n"
                                            "  ret i32 %x\n"
                                            "}\n"));
  More.push_back(helperFile("outer.bc", std::string(X86Header) +
                                            "declare i32 @helper_inner(i32)\n"
                                            "define dso_local i32 @helper_outer(i32 %x) {\n"
                                            "  %r = call i32 @helper_inner(i32 %x)\n"
                                            "  ret i32 %r\n"
                                            "}\n"));
  Expected<LinkResult> R = link({"helper_outer"}, std::move(More));
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_THAT(R->HelpersLinked, UnorderedElementsAre("helper_outer", "helper_inner"));
  Function *Inner = Crate->getFunction("helper_inner");
  ASSERT_TRUE(Inner);
  EXPECT_FALSE(Inner->isDeclaration());
  EXPECT_TRUE(Inner->hasLocalLinkage());
  expectValid();
}

TEST_F(LinkAndInline, RefusedHelperStaysOutOfLineAndIsReported) {
  std::vector<InputFile> More;
  More.push_back(helperFile("avx.bc", std::string(X86Header) +
                                          "define dso_local i32 @helper_avx(i32 noundef %x) #0 {\n"
                                          "  ret i32 %x\n"
                                          "}\n"
                                          "attributes #0 = { nounwind \"target-cpu\"=\"x86-64\" "
                                          "\"target-features\"=\"" +
                                          ClangAVX2Features + "\" }\n"));
  Expected<LinkResult> R = link({"helper_avx"}, std::move(More));
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());
  ASSERT_EQ(S.CallSites.size(), 1u);
  EXPECT_FALSE(S.CallSites[0].Inlined);
  EXPECT_THAT(S.CallSites[0].Reason, HasSubstr("avx2"));
  EXPECT_THAT(S.Touched, IsEmpty());

  std::vector<CallSiteRecord> Left = remainingHelperCalls(*Crate, *R);
  ASSERT_EQ(Left.size(), 1u);
  EXPECT_EQ(Left[0].Caller, "rust_fn_helper_avx");
  EXPECT_EQ(Left[0].Callee, "helper_avx");
  Function *H = Crate->getFunction("helper_avx");
  ASSERT_TRUE(H) << "a helper still called must not be deleted";
  EXPECT_FALSE(H->isDeclaration());
  expectValid();
}

TEST_F(LinkAndInline, AddressTakenHelperIsReportedNotInlined) {
  Expected<LinkResult> R = link({"helper_a"}, {},
                                "define ptr @rust_get_fn() unnamed_addr #0 {\n"
                                "  ret ptr @helper_c\n"
                                "}\n"
                                "declare noundef i32 @helper_c(i32 noundef) unnamed_addr #0\n");
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_THAT(R->HelpersLinked, Contains("helper_c"));
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());
  bool Found = false;
  for (const CallSiteRecord &C : S.CallSites)
    if (C.Callee == "helper_c") {
      Found = true;
      EXPECT_FALSE(C.Inlined);
      EXPECT_EQ(C.Caller, "rust_get_fn");
      EXPECT_THAT(C.Reason, HasSubstr("address taken"));
    }
  EXPECT_TRUE(Found) << "address-taken helper not reported";
  Function *C = Crate->getFunction("helper_c");
  ASSERT_TRUE(C) << "a helper whose address is taken must be kept";
  EXPECT_FALSE(C->isDeclaration());
  expectValid();
}

TEST_F(LinkAndInline, RecursiveHelperIsRefusedAndKept) {
  std::vector<InputFile> More;
  More.push_back(helperFile("rec.bc", std::string(X86Header) +
                                          "define dso_local i32 @helper_rec(i32 %x) {\n"
                                          "entry:\n"
                                          "  %z = icmp eq i32 %x, 0\n"
                                          "  br i1 %z, label %base, label %step\n"
                                          "step:\n"
                                          "  %n = sub i32 %x, 1\n"
                                          "  %r = call i32 @helper_rec(i32 %n)\n"
                                          "  ret i32 %r\n"
                                          "base:\n"
                                          "  ret i32 0\n"
                                          "}\n"));
  Expected<LinkResult> R = link({"helper_rec"}, std::move(More));
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());
  ASSERT_EQ(S.CallSites.size(), 1u);
  EXPECT_FALSE(S.CallSites[0].Inlined);
  EXPECT_THAT(S.CallSites[0].Reason, HasSubstr("recursive"));
  EXPECT_EQ(remainingHelperCalls(*Crate, *R).size(), 1u);
  expectValid();
}

TEST_F(LinkAndInline, EveryCallSiteOfEveryCrateFunctionIsInlined) {
  Expected<LinkResult> R = link({"helper_a", "helper_count", "helper_lookup"});
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());
  std::vector<std::string> Callees;
  for (const CallSiteRecord &C : S.CallSites) {
    Callees.push_back(C.Callee);
    EXPECT_TRUE(C.Inlined) << C.Caller << " -> " << C.Callee << ": " << C.Reason;
  }
  EXPECT_THAT(Callees, Contains("helper_a"));
  EXPECT_THAT(Callees, Contains("helper_count"));
  EXPECT_THAT(Callees, Contains("helper_lookup"));
  EXPECT_THAT(remainingHelperCalls(*Crate, *R), IsEmpty());
  EXPECT_EQ(S.Touched.size(), 3u);
  for (const char *Root : {"helper_a", "helper_count", "helper_lookup"})
    EXPECT_EQ(countCallsTo(*Crate, Root), 0u) << Root;
  // The inlined code still uses the counter and the table.
  EXPECT_NE(Crate->getNamedGlobal("counter"), nullptr);
  EXPECT_NE(Crate->getNamedGlobal("table"), nullptr);
  expectValid();
}

} // namespace

namespace {
/// A weak helper (a default a platform may override) and a strong one that
/// reads a weak constant.
const char *const WeakHelpersIR = "@shift = weak constant i32 12, align 4\n"
                                  "define weak i32 @helper_weak(i32 %x) {\n"
                                  "  %r = add i32 %x, 1\n"
                                  "  ret i32 %r\n"
                                  "}\n"
                                  "define dso_local i32 @helper_shift(i32 %x) {\n"
                                  "  %s = load i32, ptr @shift, align 4\n"
                                  "  %r = shl i32 %x, %s\n"
                                  "  ret i32 %r\n"
                                  "}\n";
} // namespace

TEST_F(LinkAndInline, WeakHelperIsLeftToTheProgramsLinkAndSaidWhy) {
  std::vector<InputFile> More;
  More.push_back(helperFile("weak.bc", std::string(X86Header) + WeakHelpersIR));
  Expected<LinkResult> R = link({"helper_weak", "helper_shift"}, std::move(More));
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  ASSERT_TRUE(R->Interposable.count("helper_weak"));
  EXPECT_EQ(R->Interposable["helper_weak"].Kind, "weak definition");
  EXPECT_EQ(R->Interposable["helper_weak"].File, "weak.bc");
  EXPECT_FALSE(R->Interposable["helper_weak"].Linked);
  EXPECT_TRUE(R->Roots.count("helper_weak"));
  // Not linked: the crate still refers to the symbols, as without helperlink.
  EXPECT_TRUE(Crate->getFunction("helper_weak")->isDeclaration());
  ASSERT_TRUE(Crate->getNamedGlobal("shift"));
  EXPECT_TRUE(Crate->getNamedGlobal("shift")->isDeclaration());

  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());
  bool SawWeak = false;
  for (const CallSiteRecord &C : S.CallSites) {
    if (C.Callee != "helper_weak")
      continue;
    SawWeak = true;
    EXPECT_FALSE(C.Inlined);
    EXPECT_THAT(C.Reason, HasSubstr("weak definition in weak.bc"));
    EXPECT_THAT(C.Reason, HasSubstr("--allow-interposable"));
  }
  EXPECT_TRUE(SawWeak);
  std::vector<CallSiteRecord> Left = remainingHelperCalls(*Crate, *R);
  ASSERT_EQ(Left.size(), 1u);
  EXPECT_EQ(Left[0].Callee, "helper_weak");
  EXPECT_THAT(Left[0].Reason, HasSubstr("weak definition"));
  forgetInlineDecisions(*Crate);
  expectValid();
}

TEST_F(LinkAndInline, AllowInterposableInlinesWeakHelpers) {
  std::vector<InputFile> More;
  More.push_back(helperFile("weak.bc", std::string(X86Header) + WeakHelpersIR));
  LinkOptions Opts;
  Opts.AllowInterposable = true;
  Expected<LinkResult> R = link({"helper_weak", "helper_shift"}, std::move(More), "", Opts);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_TRUE(R->Interposable["helper_weak"].Linked);
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());
  for (const CallSiteRecord &C : S.CallSites)
    EXPECT_TRUE(C.Inlined) << C.Callee << ": " << C.Reason;
  EXPECT_EQ(countCallsTo(*Crate, "helper_weak"), 0u);
  EXPECT_THAT(remainingHelperCalls(*Crate, *R), IsEmpty());
  expectValid();
}

TEST_F(LinkAndInline, IFuncHelperStaysExternalEvenWhenAllowed) {
  std::vector<InputFile> More;
  More.push_back(helperFile("ifunc.bc", std::string(X86Header) +
                                            "@helper_ifunc = ifunc i32 (i32), ptr @resolve\n"
                                            "define internal i32 @impl(i32 %x) {\n"
                                            "  ret i32 %x\n"
                                            "}\n"
                                            "define internal ptr @resolve() {\n"
                                            "  ret ptr @impl\n"
                                            "}\n"));
  LinkOptions Opts;
  Opts.AllowInterposable = true;
  Expected<LinkResult> R = link({"helper_ifunc"}, std::move(More), "", Opts);
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_FALSE(R->Interposable["helper_ifunc"].Linked);
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());
  ASSERT_EQ(S.CallSites.size(), 1u);
  EXPECT_FALSE(S.CallSites[0].Inlined);
  EXPECT_THAT(S.CallSites[0].Reason, HasSubstr("ifunc"));
  EXPECT_EQ(Crate->getNamedIFunc("helper_ifunc"), nullptr);
  expectValid();
}

TEST_F(LinkAndInline, SignatureMismatchIsRecordedOncePerHelperWithBothTypes) {
  // The crate declares helper_wide as i64 (i64); C defines i32 (i32): the
  // calls are inlined with the argument truncated and the result extended.
  std::vector<InputFile> More;
  More.push_back(helperFile("wide.bc", std::string(X86Header) +
                                           "define dso_local i32 @helper_wide(i32 %x) {\n"
                                           "  ret i32 %x\n"
                                           "}\n"));
  Expected<LinkResult> R = link({}, std::move(More),
                                "define i64 @rust_wide(i64 %x) unnamed_addr #0 {\n"
                                "  %a = call i64 @helper_wide(i64 %x)\n"
                                "  %b = call i64 @helper_wide(i64 %a)\n"
                                "  ret i64 %b\n"
                                "}\n"
                                "declare i64 @helper_wide(i64) unnamed_addr #0\n");
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());
  ASSERT_EQ(S.SignatureMismatches.size(), 1u);
  const SignatureMismatch &M = S.SignatureMismatches[0];
  EXPECT_EQ(M.Helper, "helper_wide");
  EXPECT_EQ(M.CrateC, "int64_t (int64_t)");
  EXPECT_EQ(M.CrateLLVM, "i64 (i64)");
  EXPECT_EQ(M.HelperC, "int (int)");
  EXPECT_EQ(M.HelperLLVM, "i32 (i32)");
  EXPECT_EQ(M.Adapted, "argument 1 truncated to i32, the result zero-extended to i64");
  ASSERT_EQ(S.CallSites.size(), 2u);
  for (const CallSiteRecord &C : S.CallSites)
    EXPECT_TRUE(C.Inlined) << C.Reason;
  EXPECT_THAT(remainingHelperCalls(*Crate, *R), IsEmpty());
  expectValid();
  // x & 0xffffffff twice: the inlined body is the truncation and extension.
  std::string IR;
  raw_string_ostream OS(IR);
  Crate->getFunction("rust_wide")->print(OS);
  EXPECT_THAT(IR, HasSubstr("trunc i64"));
  EXPECT_THAT(IR, HasSubstr("zext i32"));
}

TEST_F(LinkAndInline, SignatureMismatchWithoutAnExactConversionIsNotInlined) {
  // The crate passes i32 where C reads i64 (upper bits the caller never
  // set), and reads a pointer where C returns an integer.
  std::vector<InputFile> More;
  More.push_back(helperFile("narrow.bc", std::string(X86Header) +
                                             "define dso_local i64 @helper_narrow(i64 %x) {\n"
                                             "  ret i64 %x\n"
                                             "}\n"
                                             "define dso_local i64 @helper_ptr(i64 %x) {\n"
                                             "  ret i64 %x\n"
                                             "}\n"));
  Expected<LinkResult> R = link({}, std::move(More),
                                "define i32 @rust_narrow(i32 %x) unnamed_addr #0 {\n"
                                "  %a = call i32 @helper_narrow(i32 %x)\n"
                                "  %p = call ptr @helper_ptr(i64 0)\n"
                                "  ret i32 %a\n"
                                "}\n"
                                "declare i32 @helper_narrow(i32) unnamed_addr #0\n"
                                "declare ptr @helper_ptr(i64) unnamed_addr #0\n");
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());
  ASSERT_EQ(S.SignatureMismatches.size(), 2u);
  for (const SignatureMismatch &M : S.SignatureMismatches)
    EXPECT_EQ(M.Adapted, "") << M.Helper;
  std::vector<CallSiteRecord> Left = remainingHelperCalls(*Crate, *R);
  ASSERT_EQ(Left.size(), 2u);
  EXPECT_THAT(Left[0].Reason, HasSubstr("the crate declares it as 'int (int)'"));
  EXPECT_THAT(Left[1].Reason, HasSubstr("the crate declares it as 'void * (int64_t)'"));
  expectValid();
}

TEST_F(LinkAndInline, CallThroughAStrongAliasIsDecidedAndInlined) {
  // C's int rust_helper_x(int) __attribute__((alias("impl"))).
  std::vector<InputFile> More;
  More.push_back(helperFile("alias.bc", std::string(X86Header) +
                                            "@helper_alias = alias i32 (i32), ptr @impl\n"
                                            "define internal i32 @impl(i32 %x) {\n"
                                            "  %r = add i32 %x, 7\n"
                                            "  ret i32 %r\n"
                                            "}\n"));
  Expected<LinkResult> R = link({"helper_alias"}, std::move(More));
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_TRUE(R->Roots.count("helper_alias"));
  InlineSummary S = inlineHelperCalls(*Crate, *R, &x86TargetMachine());
  ASSERT_EQ(S.CallSites.size(), 1u);
  EXPECT_TRUE(S.CallSites[0].Inlined) << S.CallSites[0].Reason;
  EXPECT_EQ(countCallsTo(*Crate, "helper_alias"), 0u);
  EXPECT_THAT(remainingHelperCalls(*Crate, *R), IsEmpty());
  expectValid();
}

namespace {
/// Helpers clang -fno-pic compiled: their external declarations are
/// dso_local, except the hidden one (implicitly) and the thread-local one.
const char *NoPicHelpersIR =
    "@shared_counter = external dso_local global i32, align 4\n"
    "@hidden_var = external hidden global i32, align 4\n"
    "@tls_var = external thread_local global i32, align 4\n"
    "declare dso_local void @ext_fn()\n"
    "define dso_local i32 @rust_helper_get() {\n"
    "  call void @ext_fn()\n"
    "  %a = load i32, ptr @shared_counter, align 4\n"
    "  %b = load i32, ptr @hidden_var, align 4\n"
    "  %t = call ptr @llvm.threadlocal.address.p0(ptr @tls_var)\n"
    "  %c = load i32, ptr %t, align 4\n"
    "  %ab = add i32 %a, %b\n"
    "  %r = add i32 %ab, %c\n"
    "  ret i32 %r\n"
    "}\n"
    "define dso_local ptr @rust_helper_asm() {\n"
    "  %p = call ptr asm \"lea ${1:c}(%rip), $0\", \"=r,i\"(ptr @shared_counter)\n"
    "  ret ptr %p\n"
    "}\n"
    "define dso_local ptr @rust_helper_asm_or_reg() {\n"
    "  %p = call ptr asm \"mov $1, $0\", \"=r,ri\"(ptr getelementptr (i8, ptr @ext_fn, i64 4))\n"
    "  ret ptr %p\n"
    "}\n"
    "declare ptr @llvm.threadlocal.address.p0(ptr)\n";

/// A crate as rustc writes it for \p Model ("static", "pic" or "pie"),
/// calling \p Callee (a helper without arguments returning \p Ret). Its own
/// declarations are dso_local where \p DeclLocal, as rustc makes them for
/// the model and -Zdirect-access-external-data.
std::string relocCrateIR(StringRef Model, bool DeclLocal, StringRef Callee = "rust_helper_get",
                         StringRef Ret = "i32", StringRef Extra = "") {
  std::string Local = DeclLocal ? "dso_local " : "";
  std::string IR = std::string(X86Header) + "define " + Ret.str() +
                   " @rust_fn() unnamed_addr #0 {\n  %r = call " + Ret.str() + " @" + Callee.str() +
                   "()\n  ret " + Ret.str() + " %r\n}\ndeclare " + Local + Ret.str() + " @" +
                   Callee.str() + "() unnamed_addr #0\n" + Extra.str() + "attributes #0 = { " +
                   RustcFnAttrs + " }\n";
  if (Model == "pic")
    IR += "!llvm.module.flags = !{!0}\n!0 = !{i32 8, !\"PIC Level\", i32 2}\n";
  else if (Model == "pie")
    IR += "!llvm.module.flags = !{!0, !1}\n!0 = !{i32 8, !\"PIC Level\", i32 2}\n"
          "!1 = !{i32 7, !\"PIE Level\", i32 2}\n";
  return IR;
}
} // namespace

class RelocationModel : public LinkAndInline {
protected:
  Expected<LinkResult> linkInto(const std::string &CrateIR) {
    Crate = parseIR(Ctx, CrateIR);
    if (!Crate)
      return createStringError(inconvertibleErrorCode(), "crate IR");
    std::vector<InputFile> Helpers;
    Helpers.push_back(helperFile("nopic.bc", std::string(X86Header) + NoPicHelpersIR));
    return linkHelpers(*Crate, std::move(Helpers), {});
  }
  bool dsoLocal(StringRef Name) { return Crate->getNamedValue(Name)->isDSOLocal(); }
};

TEST_F(RelocationModel, PicCrateDropsDSOLocalOfTheHelpersDeclarations) {
  Expected<LinkResult> R = linkInto(relocCrateIR("pic", /*DeclLocal=*/false));
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_FALSE(dsoLocal("shared_counter"));
  EXPECT_FALSE(dsoLocal("ext_fn"));
  EXPECT_TRUE(dsoLocal("hidden_var")) << "hidden: in this object, whatever the model";
  EXPECT_FALSE(dsoLocal("tls_var"));
  ASSERT_EQ(R->DSOLocalDropped.size(), 2u);
  std::map<std::string, DSOLocalDrop> Dropped;
  for (const DSOLocalDrop &D : R->DSOLocalDropped)
    Dropped[D.Symbol] = D;
  ASSERT_TRUE(Dropped.count("shared_counter") && Dropped.count("ext_fn"));
  EXPECT_FALSE(Dropped["shared_counter"].IsFunction);
  EXPECT_TRUE(Dropped["ext_fn"].IsFunction);
  EXPECT_THAT(Dropped["shared_counter"].Helpers, ElementsAre("rust_helper_get"));
  expectValid();
}

TEST_F(RelocationModel, StaticCrateKeepsThemAsTheKernelBuildsIt) {
  Expected<LinkResult> R = linkInto(relocCrateIR("static", /*DeclLocal=*/true));
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_TRUE(dsoLocal("shared_counter"));
  EXPECT_TRUE(dsoLocal("ext_fn"));
  EXPECT_THAT(R->DSOLocalDropped, IsEmpty());
  expectValid();
}

TEST_F(RelocationModel, PieCrateWithDirectAccessToExternalDataKeepsThem) {
  // rustc -Crelocation-model=pie -Zdirect-access-external-data=yes (Linux's
  // loongarch vmlinux and, patched, UML modules): no module flag says so,
  // the crate's own declarations do.
  Expected<LinkResult> R = linkInto(relocCrateIR("pie", /*DeclLocal=*/true));
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_TRUE(dsoLocal("shared_counter"));
  EXPECT_THAT(R->DSOLocalDropped, IsEmpty());
}

TEST_F(RelocationModel, PieAndStaticWithoutDirectAccessDropThem) {
  for (StringRef Model : {"pie", "static"}) {
    Expected<LinkResult> R = linkInto(relocCrateIR(Model, /*DeclLocal=*/false));
    ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
    EXPECT_FALSE(dsoLocal("shared_counter")) << Model.str();
    EXPECT_EQ(R->DSOLocalDropped.size(), 2u) << Model.str();
  }
}

TEST_F(RelocationModel, TheCratesOwnDeclarationStaysTheCrates) {
  // The crate declares shared_counter itself (not dso_local, PIC): linking
  // the helpers' dso_local declaration neither changes nor reports it.
  Expected<LinkResult> R =
      linkInto(relocCrateIR("pic", false, "rust_helper_get", "i32",
                            "@shared_counter = external global i32, align 4\n"
                            "define i32 @rust_read() unnamed_addr #0 {\n"
                            "  %v = load i32, ptr @shared_counter, align 4\n  ret i32 %v\n}\n"));
  ASSERT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  EXPECT_FALSE(dsoLocal("shared_counter"));
  ASSERT_EQ(R->DSOLocalDropped.size(), 1u);
  EXPECT_EQ(R->DSOLocalDropped[0].Symbol, "ext_fn");
}

TEST_F(RelocationModel, AsmConstantOnADroppedSymbolIsRefusedNamingTheFlag) {
  Expected<LinkResult> R = linkInto(relocCrateIR("pic", false, "rust_helper_asm", "ptr"));
  ASSERT_FALSE(static_cast<bool>(R));
  EXPECT_EQ(toString(R.takeError()),
            "'nopic.bc': helper 'rust_helper_asm': its inline asm takes the address of "
            "'shared_counter' as a constant ('i' operand), which assumes 'shared_counter' is "
            "in this object, and the crate (position-independent) does not: compile the "
            "helpers with -fPIC, as the crate is built");
  R = linkInto(relocCrateIR("pie", false, "rust_helper_asm", "ptr"));
  ASSERT_FALSE(static_cast<bool>(R));
  EXPECT_THAT(toString(R.takeError()), HasSubstr("the crate (PIE) does not: compile the "
                                                 "helpers with -fPIE"));
  // Where the crate keeps dso_local, the asm is the C code's, as before.
  R = linkInto(relocCrateIR("static", true, "rust_helper_asm", "ptr"));
  EXPECT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
  // A register alternative ("ri") lets code generation load the address.
  R = linkInto(relocCrateIR("pic", false, "rust_helper_asm_or_reg", "ptr"));
  EXPECT_TRUE(static_cast<bool>(R)) << toString(R.takeError());
}
