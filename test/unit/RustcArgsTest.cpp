//===- RustcArgsTest.cpp - reading rustc command lines --------------------===//

#include "helperlink/RustcArgs.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace helperlink;
using ::testing::ElementsAre;

namespace {

RustcArgs parse(std::vector<std::string> Command) { return RustcArgs::parse(Command); }

TEST(RustcArgs, CargoCommand) {
  RustcArgs A = parse({"rustc",      "--crate-name",
                       "demo",       "--edition=2021",
                       "src/lib.rs", "--crate-type",
                       "lib",        "--emit=dep-info,metadata,link",
                       "-C",         "opt-level=2",
                       "-C",         "metadata=0123",
                       "-C",         "extra-filename=-0123",
                       "--out-dir",  "/t/target/release/deps",
                       "-C",         "incremental=/t/target/release/incremental",
                       "-L",         "dependency=/t/target/release/deps"});
  EXPECT_EQ(A.CrateName, std::optional<std::string>("demo"));
  EXPECT_EQ(A.OutDir, std::optional<std::string>("/t/target/release/deps"));
  EXPECT_EQ(A.Output, std::nullopt);
  EXPECT_EQ(A.codegenOption("extra-filename"), std::optional<std::string>("-0123"));
  EXPECT_EQ(A.codegenOption("incremental"),
            std::optional<std::string>("/t/target/release/incremental"));
  EXPECT_EQ(A.codegenOption("lto"), std::nullopt);
  ASSERT_EQ(A.Emits.size(), 1u);
  EXPECT_EQ(A.Emits[0].list(), "dep-info,metadata,link");
}

TEST(RustcArgs, JoinedSpellings) {
  RustcArgs A = parse({"rustc", "--crate-name=demo", "--out-dir=out", "-Cextra-filename=-x",
                       "-Cincremental=inc", "-ofile.o", "-Zfunction-sections=no", "--emit=obj"});
  EXPECT_EQ(A.CrateName, std::optional<std::string>("demo"));
  EXPECT_EQ(A.OutDir, std::optional<std::string>("out"));
  EXPECT_EQ(A.Output, std::optional<std::string>("file.o"));
  EXPECT_EQ(A.codegenOption("extra-filename"), std::optional<std::string>("-x"));
  EXPECT_EQ(A.codegenOption("incremental"), std::optional<std::string>("inc"));
  EXPECT_EQ(A.functionSections(), std::optional<bool>(false));
}

TEST(RustcArgs, CrateTypesAndTest) {
  RustcArgs A = parse({"rustc", "--crate-type", "lib,rlib", "--test", "--crate-type=bin"});
  EXPECT_THAT(A.CrateTypes, ElementsAre("lib", "rlib", "bin"));
  EXPECT_TRUE(A.Test);
  EXPECT_FALSE(parse({"rustc", "--crate-type", "lib"}).Test);
}

TEST(RustcArgs, LongCodegenSpelling) {
  RustcArgs A = parse({"rustc", "--codegen", "incremental=a", "--codegen=extra-filename=-y"});
  EXPECT_EQ(A.codegenOption("incremental"), std::optional<std::string>("a"));
  EXPECT_EQ(A.codegenOption("extra-filename"), std::optional<std::string>("-y"));
}

TEST(RustcArgs, LastCodegenOptionWins) {
  RustcArgs A = parse({"rustc", "-C", "incremental=a", "-Cincremental=b"});
  EXPECT_EQ(A.codegenOption("incremental"), std::optional<std::string>("b"));
  EXPECT_THAT(A.CodegenOptions, ElementsAre("incremental=a", "incremental=b"));
}

TEST(RustcArgs, EmitWhereItsValueIs) {
  RustcArgs A = parse({"rustc", "--emit", "obj=x.o", "--emit=dep-info=x.d,metadata", "a.rs"});
  ASSERT_EQ(A.Emits.size(), 2u);
  EXPECT_EQ(A.Emits[0].ValueIndex, 2u);
  EXPECT_FALSE(A.Emits[0].Joined);
  EXPECT_EQ(A.Emits[0].argument(), "obj=x.o");
  EXPECT_EQ(A.Emits[1].ValueIndex, 3u);
  EXPECT_TRUE(A.Emits[1].Joined);
  EXPECT_EQ(A.Emits[1].argument(), "--emit=dep-info=x.d,metadata");
  ASSERT_EQ(A.Emits[1].Outputs.size(), 2u);
  EXPECT_EQ(A.Emits[1].Outputs[0].Kind, "dep-info");
  EXPECT_EQ(A.Emits[1].Outputs[0].Path, std::optional<std::string>("x.d"));
  EXPECT_EQ(A.Emits[1].Outputs[1].Kind, "metadata");
  EXPECT_EQ(A.Emits[1].Outputs[1].Path, std::nullopt);
}

TEST(RustcArgs, AValueIsNotAFlag) {
  // "-o" here is a --cfg value and the program's name, not rustc's -o.
  RustcArgs A = parse({"-o", "--cfg", "-o", "--crate-name", "--out-dir", "a.rs"});
  EXPECT_EQ(A.Output, std::nullopt);
  EXPECT_EQ(A.CrateName, std::optional<std::string>("--out-dir"));
  EXPECT_EQ(A.OutDir, std::nullopt);
}

TEST(RustcArgs, FlagWithoutValueAtTheEnd) {
  RustcArgs A = parse({"rustc", "a.rs", "-o"});
  EXPECT_EQ(A.Output, std::nullopt);
  EXPECT_TRUE(parse({}).Emits.empty());
}

TEST(RustcArgs, FunctionSections) {
  EXPECT_EQ(parse({"rustc", "-Z", "function-sections=yes"}).functionSections(),
            std::optional<bool>(true));
  EXPECT_EQ(parse({"rustc", "-Zfunction-sections"}).functionSections(), std::optional<bool>(true));
  EXPECT_EQ(parse({"rustc", "-Zfunction-sections=off"}).functionSections(),
            std::optional<bool>(false));
  EXPECT_EQ(parse({"rustc", "-Zfunction-sections=maybe"}).functionSections(), std::nullopt);
  EXPECT_EQ(parse({"rustc", "-Zthreads=2"}).functionSections(), std::nullopt);
}

TEST(RustcArgs, OutputDirs) {
  RustcArgs A = parse({"rustc", "-o", "out/a/lib.rlib", "--out-dir", "deps",
                       "--emit=dep-info=d/x.d,obj=o/x.o,metadata", "--emit", "llvm-ir=x.ll"});
  EXPECT_THAT(A.outputDirs(), ElementsAre(".", "out/a", "deps", "d", "o", "."));
  EXPECT_THAT(parse({"rustc", "a.rs"}).outputDirs(), ElementsAre("."));
}

TEST(RustcArgs, DepInfoPathGivenOrRustcsDefault) {
  EXPECT_EQ(parse({"rustc", "--emit=dep-info=k/a.d,obj=k/a.o", "a.rs"}).depInfoPath(),
            std::optional<std::string>("k/a.d"));
  // cargo: --emit=dep-info without a path; rustc names it after the crate.
  EXPECT_EQ(parse({"rustc", "--crate-name", "demo", "--emit=dep-info,link", "-C",
                   "extra-filename=-0123", "--out-dir", "/t/deps", "src/lib.rs"})
                .depInfoPath(),
            std::optional<std::string>("/t/deps/demo-0123.d"));
  EXPECT_EQ(parse({"rustc", "--emit=dep-info,obj", "-o", "out/x.o", "x.rs"}).depInfoPath(),
            std::optional<std::string>("out/x.d"));
  EXPECT_EQ(parse({"rustc", "--emit=obj=a.o", "a.rs"}).depInfoPath(), std::nullopt);
}

} // namespace
