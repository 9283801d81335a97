//===- OptionsTest.cpp - helperlink's own option table --------------------===//

#include "helperlink/Options.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace helperlink;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

Expected<Invocation> parse(std::vector<std::string> Args) { return parseCommandLine(Args); }

std::string errorOf(std::vector<std::string> Args) {
  Expected<Invocation> Inv = parse(std::move(Args));
  if (Inv)
    return "(parsed)";
  return toString(Inv.takeError());
}

TEST(ParseCommandLine, PlainRunFillsTheConfig) {
  Expected<Invocation> Inv =
      parse({"c.bc", "--helpers=a.bc", "--helpers", "b.bc", "-o", "out.o", "--emit=asm",
             "--require-inlined", "--function-sections=false", "--code-model=kernel", "-vv"});
  ASSERT_TRUE(static_cast<bool>(Inv)) << toString(Inv.takeError());
  EXPECT_EQ(Inv->Cmd, Command::Link);
  EXPECT_EQ(Inv->Cfg.CrateFile, "c.bc");
  EXPECT_THAT(Inv->Cfg.HelperFiles, ElementsAre("a.bc", "b.bc"));
  EXPECT_EQ(Inv->Cfg.OutputFile, "out.o");
  EXPECT_EQ(Inv->Cfg.Emit, EmitKind::Assembly);
  EXPECT_TRUE(Inv->Cfg.RequireInlined);
  EXPECT_FALSE(Inv->Cfg.Overrides.FunctionSections);
  EXPECT_TRUE(Inv->Cfg.FunctionSectionsGiven);
  EXPECT_EQ(Inv->Cfg.Overrides.Code, CodeModel::Kernel);
  EXPECT_EQ(Inv->Cfg.Verbosity, 2u);
}

TEST(ParseCommandLine, ATypoNamesTheClosestOption) {
  EXPECT_THAT(errorOf({"c.bc", "--helper=h.bc", "-o", "x.o"}),
              HasSubstr("unknown option '--helper=h.bc'; did you mean '--helpers"));
  EXPECT_THAT(errorOf({"c.bc", "--helpers=h.bc", "-o", "x.o", "--requir-inlined"}),
              HasSubstr("did you mean '--require-inlined'"));
}

TEST(ParseCommandLine, ValuesAreChecked) {
  EXPECT_THAT(errorOf({"c.bc", "--helpers=h.bc", "-o", "x.o", "--emit=elf"}),
              HasSubstr("'--emit' takes one of obj, asm, llvm-bc, llvm-ir, not 'elf'"));
  EXPECT_THAT(errorOf({"c.bc", "--helpers=h.bc", "-o"}), HasSubstr("'-o' needs a value"));
}

TEST(ParseCommandLine, WrapperModeTakesTheRustcCommandAfterDashDash) {
  Expected<Invocation> Inv =
      parse({"rustc", "--helpers=h.bc", "--mode=post-step", "--", "rustc", "--emit=obj=x.o", "a.rs"});
  ASSERT_TRUE(static_cast<bool>(Inv)) << toString(Inv.takeError());
  EXPECT_EQ(Inv->Cmd, Command::Rustc);
  EXPECT_EQ(Inv->Cfg.Mode, WrapperMode::PostStep);
  EXPECT_THAT(Inv->RustcCommand, ElementsAre("rustc", "--emit=obj=x.o", "a.rs"));
  EXPECT_THAT(errorOf({"rustc", "--helpers=h.bc", "-o", "x.o", "--", "rustc"}),
              HasSubstr("'-o' does not apply to helperlink rustc"));
}

TEST(ParsePluginOptions, SameTableOnlyWhatThePluginCanDo) {
  Config Cfg;
  ASSERT_FALSE(errorToBool(parsePluginOptions("  --require-inlined --report=dir  -v ", Cfg)));
  EXPECT_TRUE(Cfg.RequireInlined);
  EXPECT_EQ(Cfg.ReportFile, "dir");
  EXPECT_EQ(Cfg.Verbosity, 1u);
  Config Other;
  EXPECT_THAT(toString(parsePluginOptions("--emit=asm", Other)),
              HasSubstr("rustc writes the output with its own settings"));
  EXPECT_THAT(toString(parsePluginOptions("h.bc", Other)),
              HasSubstr("helper files go in HELPERLINK_HELPERS"));
}

TEST(PluginOptionsFor, RoundTripsThroughTheParser) {
  Config Cfg;
  Cfg.RequireInlined = true;
  Cfg.Strict = true;
  Cfg.ReportFile = "r";
  Cfg.ExportedSymbolsFile = "Module.symvers";
  Config Back;
  ASSERT_FALSE(errorToBool(parsePluginOptions(pluginOptionsFor(Cfg), Back)));
  EXPECT_TRUE(Back.RequireInlined);
  EXPECT_TRUE(Back.Strict);
  EXPECT_EQ(Back.ReportFile, "r");
  EXPECT_EQ(Back.ExportedSymbolsFile, "Module.symvers");
}

} // namespace
