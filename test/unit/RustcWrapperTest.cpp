//===- RustcWrapperTest.cpp - rewriting rustc command lines ---------------===//

#include "helperlink-driver/RustcWrapper.h"

#include "llvm/Support/Error.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace helperlink;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

std::string bitcodeFor(StringRef Object) { return (Object + ".tmp.bc").str(); }

Expected<RustcInvocation> rewrite(std::vector<std::string> Cmd) {
  return rewriteRustcCommand(Cmd, bitcodeFor);
}

TEST(RewriteRustcCommand, KbuildStyleEmitListKeepsTheOtherKinds) {
  // scripts/Makefile.build: --emit=dep-info=$(depfile) --emit=obj=$@
  Expected<RustcInvocation> Inv = rewrite(
      {"rustc", "--edition=2021", "--emit=dep-info=.m.o.d", "--emit=obj=drivers/m.o", "m.rs"});
  ASSERT_TRUE(static_cast<bool>(Inv)) << toString(Inv.takeError());
  EXPECT_EQ(Inv->ObjectPath, "drivers/m.o");
  EXPECT_EQ(Inv->BitcodePath, "drivers/m.o.tmp.bc");
  EXPECT_EQ(Inv->DepInfoPath, std::optional<std::string>(".m.o.d"));
  EXPECT_THAT(Inv->Args, ElementsAre("rustc", "--edition=2021", "--emit=dep-info=.m.o.d",
                                     "--emit=llvm-bc=drivers/m.o.tmp.bc", "m.rs"));
}

TEST(RewriteRustcCommand, CommaSeparatedKinds) {
  Expected<RustcInvocation> Inv =
      rewrite({"rustc", "--emit=dep-info=a.d,obj=a.o,metadata=liba.rmeta", "a.rs"});
  ASSERT_TRUE(static_cast<bool>(Inv)) << toString(Inv.takeError());
  EXPECT_EQ(Inv->Args[1], "--emit=dep-info=a.d,llvm-bc=a.o.tmp.bc,metadata=liba.rmeta");
}

TEST(RewriteRustcCommand, SeparateEmitArgument) {
  Expected<RustcInvocation> Inv = rewrite({"rustc", "--emit", "obj=x.o", "a.rs"});
  ASSERT_TRUE(static_cast<bool>(Inv)) << toString(Inv.takeError());
  EXPECT_THAT(Inv->Args, ElementsAre("rustc", "--emit", "llvm-bc=x.o.tmp.bc", "a.rs"));
}

TEST(RewriteRustcCommand, ObjectPathFromDashO) {
  Expected<RustcInvocation> Inv = rewrite({"rustc", "--emit=obj", "-o", "out/x.o", "a.rs"});
  ASSERT_TRUE(static_cast<bool>(Inv)) << toString(Inv.takeError());
  EXPECT_EQ(Inv->ObjectPath, "out/x.o");
  EXPECT_EQ(Inv->Args[1], "--emit=llvm-bc=out/x.o.tmp.bc");
}

TEST(RewriteRustcCommand, NoObjectIsAnError) {
  Expected<RustcInvocation> Inv = rewrite({"rustc", "--emit=metadata", "a.rs"});
  ASSERT_FALSE(static_cast<bool>(Inv));
  EXPECT_THAT(toString(Inv.takeError()), HasSubstr("no --emit=obj"));
}

TEST(RewriteRustcCommand, UnknownObjectPathIsAnError) {
  // With several kinds, rustc derives each file name itself.
  Expected<RustcInvocation> Inv = rewrite({"rustc", "--emit=obj,metadata", "-o", "x.o", "a.rs"});
  ASSERT_FALSE(static_cast<bool>(Inv));
  EXPECT_THAT(toString(Inv.takeError()), HasSubstr("--emit=obj=PATH"));
}

TEST(RewriteRustcCommand, BitcodeAlreadyRequestedIsAnError) {
  Expected<RustcInvocation> Inv = rewrite({"rustc", "--emit=llvm-bc=a.bc,obj=a.o", "a.rs"});
  ASSERT_FALSE(static_cast<bool>(Inv));
  EXPECT_THAT(toString(Inv.takeError()), HasSubstr("already emits llvm-bc"));
}

TEST(RewriteRustcCommand, EmptyCommandIsAnError) {
  Expected<RustcInvocation> Inv = rewrite({});
  ASSERT_FALSE(static_cast<bool>(Inv));
  consumeError(Inv.takeError());
}

} // namespace

namespace {

TEST(RewriteRustcCommand, ReadsFunctionSections) {
  Expected<RustcInvocation> Off =
      rewrite({"rustc", "-Zfunction-sections=n", "--emit=obj=a.o", "a.rs"});
  ASSERT_TRUE(static_cast<bool>(Off)) << toString(Off.takeError());
  EXPECT_EQ(Off->FunctionSections, std::optional<bool>(false));
  Expected<RustcInvocation> Spaced =
      rewrite({"rustc", "-Z", "function-sections=yes", "--emit=obj=a.o", "a.rs"});
  ASSERT_TRUE(static_cast<bool>(Spaced)) << toString(Spaced.takeError());
  EXPECT_EQ(Spaced->FunctionSections, std::optional<bool>(true));
  Expected<RustcInvocation> Unset = rewrite({"rustc", "--emit=obj=a.o", "a.rs"});
  ASSERT_TRUE(static_cast<bool>(Unset)) << toString(Unset.takeError());
  EXPECT_EQ(Unset->FunctionSections, std::nullopt);
}

} // namespace

namespace {

// Outputs rustc makes from its own codegen would keep every helper call.
TEST(RewriteRustcCommand, CodeOutputsBesideTheObjectAreRefused) {
  for (const char *Emit :
       {"--emit=link=x.rlib,obj=out.o", "--emit=obj=out.o,asm=out.s", "--emit=llvm-ir,obj=out.o"}) {
    Expected<RustcInvocation> Inv = rewrite({"rustc", "--crate-type=lib", Emit, "a.rs"});
    ASSERT_FALSE(static_cast<bool>(Inv)) << Emit;
    std::string Msg = toString(Inv.takeError());
    EXPECT_THAT(Msg, HasSubstr("the rustc command also emits ")) << Emit;
    EXPECT_THAT(Msg, HasSubstr("--mode=plugin")) << Emit;
  }
  Expected<RustcInvocation> Link = rewrite({"rustc", "--emit=link=x.rlib,obj=out.o", "a.rs"});
  ASSERT_FALSE(static_cast<bool>(Link));
  EXPECT_THAT(toString(Link.takeError()), HasSubstr("also emits link (x.rlib)"));
  // Outputs without code pass.
  Expected<RustcInvocation> Meta =
      rewrite({"rustc", "--emit=metadata=a.rmeta,dep-info=a.d,obj=a.o", "a.rs"});
  EXPECT_TRUE(static_cast<bool>(Meta)) << toString(Meta.takeError());
}

} // namespace
