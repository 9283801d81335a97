//===- CodegenTest.cpp - Target settings from the crate -------------------===//

#include "TestUtil.h"

#include "helperlink/Codegen.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Target/TargetMachine.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <cstring>

using namespace llvm;
using namespace helperlink;
using namespace helperlink::test;
using ::testing::HasSubstr;

namespace {

std::string crateWith(StringRef Flags) {
  return std::string(X86Header) +
         "declare void @ext()\n"
         "define void @rust_fn() unnamed_addr #0 {\n"
         "  call void @ext()\n"
         "  ret void\n"
         "}\n"
         "attributes #0 = { nounwind nonlazybind \"target-cpu\"=\"x86-64\" "
         "\"target-features\"=\"+retpoline-external-thunk,-sse\" }\n" +
         Flags.str();
}

TEST(CrateTargetSettings, TakesCpuAndFeaturesFromTheCratesFunctions) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parseIR(Ctx, crateWith(""));
  ASSERT_TRUE(M);
  TargetSettings S = crateTargetSettings(*M, {});
  EXPECT_EQ(S.Triple, "x86_64-unknown-linux-gnu");
  EXPECT_EQ(S.CPU, "x86-64");
  EXPECT_EQ(S.Features, "+retpoline-external-thunk,-sse");
  EXPECT_EQ(S.Relocation, Reloc::Static) << "no PIC level means static";
  EXPECT_EQ(S.Code, std::nullopt);
}

TEST(CrateTargetSettings, PicLevelAndCodeModelFromModuleFlags) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parseIR(Ctx, crateWith("!llvm.module.flags = !{!0, !1}\n"
                                                     "!0 = !{i32 8, !\"PIC Level\", i32 2}\n"
                                                     "!1 = !{i32 1, !\"Code Model\", i32 2}\n"));
  ASSERT_TRUE(M);
  TargetSettings S = crateTargetSettings(*M, {});
  EXPECT_EQ(S.Relocation, Reloc::PIC_);
  ASSERT_TRUE(S.Code.has_value());
  EXPECT_EQ(*S.Code, CodeModel::Kernel); // Module::getCodeModel: 2 = Kernel
}

TEST(CrateTargetSettings, OverridesWin) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parseIR(Ctx, crateWith("!llvm.module.flags = !{!0}\n"
                                                     "!0 = !{i32 8, !\"PIC Level\", i32 2}\n"));
  ASSERT_TRUE(M);
  TargetOverrides O;
  O.Relocation = Reloc::Static;
  O.Code = CodeModel::Kernel;
  TargetSettings S = crateTargetSettings(*M, O);
  EXPECT_EQ(S.Relocation, Reloc::Static);
  EXPECT_EQ(S.Code, std::optional<CodeModel::Model>(CodeModel::Kernel));
}

TEST(CreateTargetMachine, BuildsTheCratesTarget) {
  TargetSettings S;
  S.Triple = "x86_64-unknown-linux-gnu";
  S.CPU = "x86-64";
  S.Features = "+avx2";
  S.Code = CodeModel::Kernel;
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(S);
  ASSERT_TRUE(static_cast<bool>(TM)) << toString(TM.takeError());
  EXPECT_EQ((*TM)->getTargetCPU(), "x86-64");
  EXPECT_EQ((*TM)->getTargetFeatureString(), "+avx2");
  EXPECT_EQ((*TM)->getCodeModel(), CodeModel::Kernel);
}

TEST(CreateTargetMachine, UnknownTripleIsAnError) {
  TargetSettings S;
  S.Triple = "nosucharch-unknown-none";
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(S);
  ASSERT_FALSE(static_cast<bool>(TM));
  EXPECT_THAT(toString(TM.takeError()), HasSubstr("nosucharch-unknown-none"));
}

TEST(ModelNames, AreStable) {
  EXPECT_STREQ(nameOf(RelocationModelNames, Reloc::Static), "static");
  EXPECT_STREQ(nameOf(RelocationModelNames, Reloc::PIC_), "pic");
  EXPECT_STREQ(nameOf(CodeModelNames, CodeModel::Kernel), "kernel");
  EXPECT_STREQ(nameOf(CodeModelNames, CodeModel::Small), "small");
}

} // namespace

namespace {

// helperlink copies two parts of LLVM's default<O2> (opt -passes='default<O2>'
// -print-pipeline-passes); an LLVM whose pipeline changed fails here.
TEST(Reoptimize, PipelineTextsArePartsOfLLVMsDefaultO2) {
  TargetSettings S;
  S.Triple = "x86_64-unknown-linux-gnu";
  S.CPU = "x86-64";
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(S);
  ASSERT_TRUE(bool(TM)) << toString(TM.takeError());
  PassInstrumentationCallbacks PIC;
  PipelineTuningOptions PTO; // as opt, clang and rustc set them at O2
  PTO.LoopVectorization = PTO.SLPVectorization = true;
  PassBuilder PB(TM->get(), PTO, std::nullopt, &PIC);
  ModulePassManager MPM = PB.buildPerModuleDefaultPipeline(OptimizationLevel::O2);
  std::string Printed;
  raw_string_ostream OS(Printed);
  MPM.printPipeline(OS, [&](StringRef ClassName) {
    StringRef Name = PIC.getPassNameForClassName(ClassName);
    return Name.empty() ? ClassName : Name;
  });
  ASSERT_EQ(reoptimizePipelineTexts().size(), 3u);
  for (const char *Part : reoptimizePipelineTexts())
    EXPECT_THAT(Printed, HasSubstr(Part)) << "LLVM's default<O2> has changed";
}

} // namespace
