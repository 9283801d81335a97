//===- PipelineTest.cpp - The entry points every front door calls ---------===//
//
// runPostStep with the inputs in memory, as the fuzzer calls it, and
// inlineHelpers + checkResult on a module already in memory, as the rustc
// plugin calls them.

#include "TestUtil.h"

#include "helperlink/Codegen.h"
#include "helperlink/Pipeline.h"

#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Target/TargetMachine.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace helperlink;
using namespace helperlink::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

std::string crateIR() {
  return std::string(X86Header) +
         "define i32 @crate_fn(i32 %x) #0 {\n"
         "  %a = call i32 @rust_helper_twice(i32 %x)\n"
         "  %b = call i32 @rust_helper_avx(i32 %a)\n"
         "  ret i32 %b\n}\n"
         "declare i32 @rust_helper_twice(i32)\n"
         "declare i32 @rust_helper_avx(i32)\n"
         "attributes #0 = { " +
         RustcFnAttrs + " }\n";
}

std::string helpersIR() {
  return std::string(X86Header) +
         "define i32 @rust_helper_twice(i32 %x) #0 {\n"
         "  %r = shl i32 %x, 1\n  ret i32 %r\n}\n"
         "define i32 @rust_helper_avx(i32 %x) #1 {\n  ret i32 %x\n}\n"
         "attributes #0 = { nounwind \"target-cpu\"=\"x86-64\" \"target-features\"=\"" +
         ClangBaselineFeatures +
         "\" }\n"
         "attributes #1 = { nounwind \"target-cpu\"=\"x86-64\" \"target-features\"=\"" +
         ClangAVX2Features + "\" }\n";
}

struct InMemoryRun {
  std::string Crate = crateIR(), Helpers = helpersIR();
  Config Cfg;
  InMemoryRun() {
    Cfg.CrateFile = "crate.ll";
    Cfg.HelperFiles = {"helpers.ll"};
    Cfg.InMemoryInputs = {{"crate.ll", Crate}, {"helpers.ll", Helpers}};
    Cfg.OutputFile = "/dev/null";
  }
};

TEST(RunPostStep, InlinesWhatIsSafeAndReportsEveryCallSite) {
  InMemoryRun Run;
  Report R;
  Error E = runPostStep(Run.Cfg, R);
  std::vector<std::string> Lines = errorLines(std::move(E));
  ASSERT_TRUE(Lines.empty()) << Lines.front();
  EXPECT_EQ(R.Mode, "post-step");
  ASSERT_EQ(R.CallSites.size(), 2u);
  EXPECT_TRUE(R.CallSites[0].Inlined);
  EXPECT_EQ(R.CallSites[0].Callee, "rust_helper_twice");
  EXPECT_FALSE(R.CallSites[1].Inlined);
  EXPECT_THAT(R.CallSites[1].Reason, HasSubstr("+avx2"));
}

TEST(RunPostStep, RequireInlinedRefusesWithOneLinePerCall) {
  InMemoryRun Run;
  Run.Cfg.RequireInlined = true;
  Report R;
  std::vector<std::string> Lines = errorLines(runPostStep(Run.Cfg, R));
  ASSERT_EQ(Lines.size(), 1u);
  EXPECT_THAT(Lines[0], HasSubstr("call from 'crate_fn' to 'rust_helper_avx' was not inlined: "
                                  "helper needs target features the caller lacks"));
}

TEST(RunPostStep, BadInputIsOneLineNamingTheFile) {
  InMemoryRun Run;
  Run.Helpers = "this is not IR";
  Run.Cfg.InMemoryInputs["helpers.ll"] = Run.Helpers;
  Report R;
  std::vector<std::string> Lines = errorLines(runPostStep(Run.Cfg, R));
  ASSERT_EQ(Lines.size(), 1u);
  EXPECT_THAT(Lines[0], HasSubstr("helpers.ll: "));
}

// In-memory inputs are slices of a larger buffer, with no NUL after them
// (the fuzzer's are): textual IR is read to the slice's end, not on into
// what follows it. Here the crate is followed by the helpers, and the
// helpers by bytes that are not IR.
TEST(RunPostStep, InMemoryTextualIRIsReadToTheEndOfItsSliceOnly) {
  InMemoryRun Run;
  const std::string Both = Run.Crate + Run.Helpers + "this is not IR";
  StringRef All(Both);
  Run.Cfg.InMemoryInputs = {{"crate.ll", All.take_front(Run.Crate.size())},
                            {"helpers.ll", All.substr(Run.Crate.size(), Run.Helpers.size())}};
  Report R;
  std::vector<std::string> Lines = errorLines(runPostStep(Run.Cfg, R));
  ASSERT_TRUE(Lines.empty()) << Lines.front();
  ASSERT_EQ(R.CallSites.size(), 2u);
  EXPECT_TRUE(R.CallSites[0].Inlined);
}

TEST(RunPostStep, RefusesAnOutputThatIsAnInput) {
  TempFile Crate(".ll", crateIR());
  Config Cfg;
  Cfg.CrateFile = Crate.path().str();
  Cfg.HelperFiles = {"helpers.ll"};
  std::string Helpers = helpersIR();
  Cfg.InMemoryInputs = {{"helpers.ll", Helpers}};
  Cfg.OutputFile = Crate.path().str();
  Report R;
  std::vector<std::string> Lines = errorLines(runPostStep(Cfg, R));
  ASSERT_EQ(Lines.size(), 1u);
  EXPECT_THAT(Lines[0], HasSubstr("output would overwrite the input"));
}

// The plugin's path: a module rustc owns, the helpers read into its context.
TEST(InlineHelpers, WorksOnAModuleInMemoryThenChecksTheResult) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parseIR(Ctx, crateIR());
  ASSERT_TRUE(M);
  TempFile Helpers(".ll", helpersIR());
  Config Cfg;
  Cfg.HelperFiles = {Helpers.path().str()};
  Cfg.RequireInlined = true;
  Report R;
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(crateTargetSettings(*M, {}));
  ASSERT_TRUE(static_cast<bool>(TM)) << toString(TM.takeError());
  Expected<HelperInlining> Inlined = inlineHelpers(*M, "unit.0", Cfg, **TM, R);
  ASSERT_TRUE(static_cast<bool>(Inlined)) << toString(Inlined.takeError());
  ASSERT_EQ(Inlined->Touched.size(), 1u);
  EXPECT_EQ(Inlined->Touched[0]->getName(), "crate_fn");
  EXPECT_EQ(countCallsTo(*M, "rust_helper_twice"), 0u);
  std::vector<std::string> Lines = errorLines(checkResult(*M, "unit.0", *Inlined, Cfg, R));
  EXPECT_THAT(Lines, ElementsAre(HasSubstr("'rust_helper_avx' was not inlined")));
}

} // namespace
