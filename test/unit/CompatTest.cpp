//===- CompatTest.cpp - Triples, module flags, versions, compatibility ----===//

#include "TestUtil.h"

#include "helperlink/Compat.h"
#include "helperlink/Inputs.h"

#include "llvm/TargetParser/Triple.h"

#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace helperlink;
using namespace helperlink::test;
using ::testing::HasSubstr;

namespace {

//===----------------------------------------------------------------------===//
// classifyTriples
//===----------------------------------------------------------------------===//

TripleMatch classify(StringRef Crate, StringRef Helper) {
  return classifyTriples(Triple(Crate), Triple(Helper));
}

TEST(ClassifyTriples, IdenticalTriplesAreIdentical) {
  EXPECT_EQ(classify("x86_64-unknown-linux-gnu", "x86_64-unknown-linux-gnu"),
            TripleMatch::Identical);
  EXPECT_EQ(classify("aarch64-unknown-none", "aarch64-unknown-none"), TripleMatch::Identical);
}

TEST(ClassifyTriples, KernelCrateWithLinuxHelperIsSameArchitecture) {
  // Rust-for-Linux: rustc targets x86_64-unknown-none-elf style targets while
  // the kernel's C is built for x86_64-unknown-linux-gnu.
  EXPECT_EQ(classify("x86_64-unknown-none-elf", "x86_64-unknown-linux-gnu"),
            TripleMatch::SameArchitecture);
  EXPECT_EQ(classify("x86_64-unknown-linux-gnu", "x86_64-pc-linux-gnu"),
            TripleMatch::SameArchitecture);
}

TEST(ClassifyTriples, Aarch64BareMetalWithLinuxIsSameArchitecture) {
  EXPECT_EQ(classify("aarch64-unknown-none", "aarch64-unknown-linux-gnu"),
            TripleMatch::SameArchitecture);
}

TEST(ClassifyTriples, DifferentArchitecturesAreIncompatible) {
  EXPECT_EQ(classify("aarch64-unknown-linux-gnu", "x86_64-unknown-linux-gnu"),
            TripleMatch::Incompatible);
  EXPECT_EQ(classify("x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"),
            TripleMatch::Incompatible);
  EXPECT_EQ(classify("x86_64-unknown-linux-gnu", "i686-unknown-linux-gnu"),
            TripleMatch::Incompatible);
}

TEST(ClassifyTriples, DifferentSubArchitecturesAreIncompatible) {
  EXPECT_EQ(classify("armv7-unknown-linux-gnueabihf", "armv6-unknown-linux-gnueabihf"),
            TripleMatch::Incompatible);
}

TEST(ClassifyTriples, UnknownArchitectureIsNeverMerelySimilar) {
  EXPECT_EQ(classify("unknown-unknown-linux-gnu", "unknown-unknown-none"),
            TripleMatch::Incompatible);
}

//===----------------------------------------------------------------------===//
// classifyModuleFlag
//===----------------------------------------------------------------------===//

TEST(ClassifyModuleFlag, WholeModuleCodegenSettingsKeepTheCrates) {
  for (StringRef Key :
       {"override-stack-alignment", "PIC Level", "PIE Level", "Code Model", "cf-protection-return",
        "uwtable", "RtLibUseGOT", "function_return_thunk_extern"})
    EXPECT_EQ(classifyModuleFlag(Key), FlagPolicy::KeepCrate) << Key.str();
}

TEST(ClassifyModuleFlag, AbiFlagsMustMatch) {
  for (StringRef Key : {"wchar_size", "target-abi", "min_enum_size", "NumRegisterParameters"})
    EXPECT_EQ(classifyModuleFlag(Key), FlagPolicy::MustMatch) << Key.str();
}

TEST(ClassifyModuleFlag, DebugInfoFlagsAreInformational) {
  for (StringRef Key : {"Dwarf Version", "Debug Info Version", "CodeView"})
    EXPECT_EQ(classifyModuleFlag(Key), FlagPolicy::Informational) << Key.str();
}

//===----------------------------------------------------------------------===//
// producerMajorVersion
//===----------------------------------------------------------------------===//

TEST(ProducerMajorVersion, ReadsRustcAndClangProducers) {
  EXPECT_EQ(producerMajorVersion("LLVM22.1.2-rust-1.95.0-stable"), 22u);
  EXPECT_EQ(producerMajorVersion("LLVM22.1.8"), 22u);
  EXPECT_EQ(producerMajorVersion("LLVM14.0.6"), 14u);
}

TEST(ProducerMajorVersion, NothingWithoutLLVMPrefix) {
  EXPECT_EQ(producerMajorVersion("clang"), std::nullopt);
  EXPECT_EQ(producerMajorVersion(""), std::nullopt);
  EXPECT_EQ(producerMajorVersion("LLVM"), std::nullopt);
  EXPECT_EQ(producerMajorVersion("LLVM-dev"), std::nullopt);
  EXPECT_EQ(producerMajorVersion("APPLE_1_1600.0.26.3_0"), std::nullopt);
  EXPECT_EQ(producerMajorVersion("22.1.2"), std::nullopt);
}

//===----------------------------------------------------------------------===//
// checkCompatibility
//===----------------------------------------------------------------------===//

class CheckCompatibility : public ::testing::Test {
protected:
  LLVMContext Ctx;

  InputFile input(StringRef Path, InputRole Role, StringRef IR) {
    InputFile In;
    In.Path = Path.str();
    In.Role = Role;
    In.Format = InputFormat::TextualIR;
    In.M = parseIR(Ctx, IR);
    return In;
  }

  std::string crateIR(StringRef Flags = "") {
    return std::string(X86Header) +
           "define void @rust_fn() unnamed_addr #0 {\n"
           "  call void @helper()\n"
           "  ret void\n"
           "}\n"
           "declare void @helper() unnamed_addr #0\n"
           "attributes #0 = { " +
           RustcFnAttrs + " }\n" + Flags.str();
  }

  std::string helperIR(StringRef Triple, StringRef Flags = "", StringRef Extra = "") {
    return ("target datalayout = \"e-m:e-p270:32:32-p271:32:32-p272:64:64-"
            "i64:64-i128:128-f80:128-n8:16:32:64-S128\"\n"
            "target triple = \"" +
            Triple +
            "\"\n"
            "define dso_local void @helper() #0 {\n"
            "  ret void\n"
            "}\n" +
            Extra + "attributes #0 = { " + clangKernelFnAttrs() + " }\n" + Flags)
        .str();
  }
};

TEST_F(CheckCompatibility, IdenticalTripleGivesNoNotes) {
  InputFile Crate = input("crate.bc", InputRole::Crate, crateIR());
  std::vector<InputFile> Helpers;
  Helpers.push_back(input("helpers.bc", InputRole::Helpers, helperIR("x86_64-unknown-linux-gnu")));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  ASSERT_TRUE(static_cast<bool>(F)) << toString(F.takeError());
  EXPECT_TRUE(F->TripleNotes.empty());
  EXPECT_TRUE(F->FlagDifferences.empty());
}

TEST_F(CheckCompatibility, SameArchitectureTripleIsNotedNotRefused) {
  InputFile Crate = input("crate.bc", InputRole::Crate, crateIR());
  std::vector<InputFile> Helpers;
  Helpers.push_back(input("helpers.bc", InputRole::Helpers, helperIR("x86_64-pc-linux-gnu")));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  ASSERT_TRUE(static_cast<bool>(F)) << toString(F.takeError());
  ASSERT_EQ(F->TripleNotes.size(), 1u);
  EXPECT_EQ(F->TripleNotes[0].HelperFile, "helpers.bc");
  EXPECT_EQ(F->TripleNotes[0].CrateTriple, "x86_64-unknown-linux-gnu");
  EXPECT_EQ(F->TripleNotes[0].HelperTriple, "x86_64-pc-linux-gnu");
}

TEST_F(CheckCompatibility, OtherArchitectureIsRefusedNamingTheFile) {
  InputFile Crate = input("crate.bc", InputRole::Crate, crateIR());
  std::vector<InputFile> Helpers;
  InputFile H;
  H.Path = "arm-helpers.bc";
  H.Role = InputRole::Helpers;
  H.M = parseIR(Ctx, "target triple = \"aarch64-unknown-linux-gnu\"\n"
                     "define void @helper() { ret void }\n");
  Helpers.push_back(std::move(H));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  ASSERT_FALSE(static_cast<bool>(F));
  std::string Msg = toString(F.takeError());
  EXPECT_THAT(Msg, HasSubstr("arm-helpers.bc"));
  EXPECT_THAT(Msg, HasSubstr("aarch64"));
}

TEST_F(CheckCompatibility, SymbolDefinedTwiceIsRefused) {
  InputFile Crate = input("crate.bc", InputRole::Crate,
                          std::string(X86Header) + "define void @helper() { ret void }\n");
  std::vector<InputFile> Helpers;
  Helpers.push_back(input("helpers.bc", InputRole::Helpers, helperIR("x86_64-unknown-linux-gnu")));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  ASSERT_FALSE(static_cast<bool>(F));
  std::string Msg = toString(F.takeError());
  EXPECT_THAT(Msg, HasSubstr("'helper'"));
  EXPECT_THAT(Msg, HasSubstr("crate.bc"));
  EXPECT_THAT(Msg, HasSubstr("helpers.bc"));
}

TEST_F(CheckCompatibility, InternalSymbolsWithTheSameNameAreNotAConflict) {
  InputFile Crate = input("crate.bc", InputRole::Crate,
                          crateIR() + "define internal void @local() { ret void }\n");
  std::vector<InputFile> Helpers;
  Helpers.push_back(input(
      "helpers.bc", InputRole::Helpers,
      helperIR("x86_64-unknown-linux-gnu", "", "define internal void @local() { ret void }\n")));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  EXPECT_TRUE(static_cast<bool>(F)) << toString(F.takeError());
}

TEST_F(CheckCompatibility, WcharSizeMismatchIsRefused) {
  InputFile Crate = input("crate.bc", InputRole::Crate,
                          crateIR("!llvm.module.flags = !{!0}\n"
                                  "!0 = !{i32 1, !\"wchar_size\", i32 4}\n"));
  std::vector<InputFile> Helpers;
  Helpers.push_back(
      input("helpers.bc", InputRole::Helpers,
            helperIR("x86_64-unknown-linux-gnu", "!llvm.module.flags = !{!0}\n"
                                                 "!0 = !{i32 1, !\"wchar_size\", i32 2}\n")));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  ASSERT_FALSE(static_cast<bool>(F));
  std::string Msg = toString(F.takeError());
  EXPECT_THAT(Msg, HasSubstr("wchar_size"));
  EXPECT_THAT(Msg, HasSubstr("helpers.bc"));
}

TEST_F(CheckCompatibility, HelperOnlyFlagsAreRecordedWithTheirPolicy) {
  // rustc writes no wchar_size; clang does. Absence on the crate side says
  // nothing, so the helper's value is recorded but accepted.
  InputFile Crate = input("crate.bc", InputRole::Crate,
                          crateIR("!llvm.module.flags = !{!0, !1}\n"
                                  "!0 = !{i32 8, !\"PIC Level\", i32 2}\n"
                                  "!1 = !{i32 2, !\"RtLibUseGOT\", i32 1}\n"));
  std::vector<InputFile> Helpers;
  Helpers.push_back(input("helpers.bc", InputRole::Helpers,
                          helperIR("x86_64-unknown-linux-gnu",
                                   "!llvm.module.flags = !{!0, !1, !2, !3}\n"
                                   "!0 = !{i32 1, !\"wchar_size\", i32 4}\n"
                                   "!1 = !{i32 8, !\"PIC Level\", i32 2}\n"
                                   "!2 = !{i32 7, !\"Dwarf Version\", i32 5}\n"
                                   "!3 = !{i32 1, !\"override-stack-alignment\", i32 8}\n")));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  ASSERT_TRUE(static_cast<bool>(F)) << toString(F.takeError());

  std::map<std::string, const ModuleFlagDifference *> ByFlag;
  for (const ModuleFlagDifference &D : F->FlagDifferences)
    ByFlag[D.Flag] = &D;
  EXPECT_EQ(ByFlag.count("PIC Level"), 0u) << "equal values are no difference";
  EXPECT_EQ(ByFlag.count("RtLibUseGOT"), 0u) << "crate-only flags are not reported";
  ASSERT_EQ(ByFlag.count("wchar_size"), 1u);
  EXPECT_EQ(ByFlag["wchar_size"]->Policy, FlagPolicy::MustMatch);
  EXPECT_EQ(ByFlag["wchar_size"]->CrateValue, std::nullopt);
  EXPECT_EQ(ByFlag["wchar_size"]->HelperValue, std::optional<std::string>("4"));
  ASSERT_EQ(ByFlag.count("Dwarf Version"), 1u);
  EXPECT_EQ(ByFlag["Dwarf Version"]->Policy, FlagPolicy::Informational);
  ASSERT_EQ(ByFlag.count("override-stack-alignment"), 1u);
  EXPECT_EQ(ByFlag["override-stack-alignment"]->Policy, FlagPolicy::KeepCrate);
  EXPECT_EQ(ByFlag["override-stack-alignment"]->HelperFile, "helpers.bc");
}

TEST_F(CheckCompatibility, AbsentRegisterParametersMeansZero) {
  // i386 kernels pass arguments in registers (-mregparm=3); a crate without
  // the flag passes them on the stack.
  InputFile Crate = input("crate.bc", InputRole::Crate, crateIR());
  std::vector<InputFile> Helpers;
  Helpers.push_back(input("helpers.bc", InputRole::Helpers,
                          helperIR("x86_64-unknown-linux-gnu",
                                   "!llvm.module.flags = !{!0}\n"
                                   "!0 = !{i32 1, !\"NumRegisterParameters\", i32 3}\n")));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  ASSERT_FALSE(static_cast<bool>(F));
  EXPECT_THAT(toString(F.takeError()), HasSubstr("NumRegisterParameters"));
}

// Module flag values from malformed files (fuzzing): a tuple that holds
// itself, one nested deeper than any real flag, and one whose text doubles
// with every level are each written with bounds, and quickly.
TEST_F(CheckCompatibility, FlagTuplesAreWrittenWithBounds) {
  std::string Flags = "!llvm.module.flags = !{!0, !1, !2}\n"
                      "!0 = !{i32 1, !\"cycle\", !10}\n"
                      "!10 = !{!\"a\", !11}\n"
                      "!11 = !{!\"b\", !10}\n"
                      "!1 = !{i32 1, !\"deep\", !100}\n"
                      "!2 = !{i32 1, !\"doubling\", !1000}\n";
  for (int I = 100; I < 300; ++I)
    Flags += "!" + std::to_string(I) + " = !{!" + std::to_string(I + 1) + "}\n";
  Flags += "!300 = !{!\"x\"}\n";
  for (int I = 1000; I < 1040; ++I)
    Flags += "!" + std::to_string(I) + " = !{!" + std::to_string(I + 1) + ", !" +
             std::to_string(I + 1) + "}\n";
  Flags += "!1040 = !{!\"y\"}\n";
  InputFile Crate = input("crate.bc", InputRole::Crate, crateIR());
  std::vector<InputFile> Helpers;
  Helpers.push_back(
      input("helpers.bc", InputRole::Helpers, helperIR("x86_64-unknown-linux-gnu", Flags)));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  ASSERT_TRUE(static_cast<bool>(F)) << toString(F.takeError());

  std::map<std::string, std::string> ByFlag;
  for (const ModuleFlagDifference &D : F->FlagDifferences)
    ByFlag[D.Flag] = D.HelperValue.value_or("(absent)");
  EXPECT_EQ(ByFlag["cycle"], "{a, {b, {...}}}");
  EXPECT_EQ(ByFlag["deep"], std::string(64, '{') + "{...}" + std::string(64, '}'));
  const std::string &Doubling = ByFlag["doubling"];
  EXPECT_EQ(Doubling.size(), 16384u + 3);
  EXPECT_EQ(Doubling.substr(Doubling.size() - 3), "...");
}

TEST_F(CheckCompatibility, DataLayoutMismatchIsRefused) {
  InputFile Crate = input("crate.bc", InputRole::Crate, crateIR());
  std::vector<InputFile> Helpers;
  Helpers.push_back(input("helpers.bc", InputRole::Helpers,
                          "target datalayout = \"e-m:e-p:32:32-i64:64-n8:16:32-S128\"\n"
                          "target triple = \"x86_64-unknown-linux-gnu\"\n"
                          "define void @helper() { ret void }\n"));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  ASSERT_FALSE(static_cast<bool>(F));
  std::string Msg = toString(F.takeError());
  EXPECT_THAT(Msg, HasSubstr("data layout"));
  EXPECT_THAT(Msg, HasSubstr("helpers.bc"));
}

} // namespace

TEST_F(CheckCompatibility, KCFIOnTheHelpersOnlyIsOneErrorNamingTheFlag) {
  InputFile Crate = input("crate.bc", InputRole::Crate, crateIR());
  std::vector<InputFile> Helpers;
  for (const char *Name : {"a.bc", "b.bc"})
    Helpers.push_back(
        input(Name, InputRole::Helpers,
              helperIR("x86_64-unknown-linux-gnu", "!llvm.module.flags = !{!0}\n"
                                                   "!0 = !{i32 4, !\"kcfi\", i32 1}\n")));
  ASSERT_TRUE(Crate.M && Helpers[0].M && Helpers[1].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  ASSERT_FALSE(static_cast<bool>(F));
  std::string Msg = toString(F.takeError());
  EXPECT_THAT(Msg, HasSubstr("a.bc"));
  EXPECT_THAT(Msg, HasSubstr("module flag 'kcfi'"));
  EXPECT_THAT(Msg, HasSubstr("-Zsanitizer=kcfi"));
}

TEST_F(CheckCompatibility, KCFIOnTheCrateOnlyIsAnError) {
  InputFile Crate = input("crate.bc", InputRole::Crate,
                          crateIR("!llvm.module.flags = !{!0}\n"
                                  "!0 = !{i32 4, !\"kcfi\", i32 1}\n"));
  std::vector<InputFile> Helpers;
  Helpers.push_back(input("helpers.bc", InputRole::Helpers, helperIR("x86_64-unknown-linux-gnu")));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  ASSERT_FALSE(static_cast<bool>(F));
  EXPECT_THAT(toString(F.takeError()), HasSubstr("built without kCFI"));
}

TEST_F(CheckCompatibility, KCFIOnBothSidesIsAccepted) {
  const char *Flags = "!llvm.module.flags = !{!0}\n"
                      "!0 = !{i32 4, !\"kcfi\", i32 1}\n";
  InputFile Crate = input("crate.bc", InputRole::Crate, crateIR(Flags));
  std::vector<InputFile> Helpers;
  Helpers.push_back(
      input("helpers.bc", InputRole::Helpers, helperIR("x86_64-unknown-linux-gnu", Flags)));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  EXPECT_TRUE(static_cast<bool>(F)) << toString(F.takeError());
}

TEST_F(CheckCompatibility, WeakAndAppendingDefinitionsOnBothSidesAreNotAClash) {
  // What every sanitized module defines: its registration flag (weak) and
  // its constructors (appending).
  const char *Shared = "@___asan_globals_registered = weak hidden global i64 0\n"
                       "@llvm.used = appending global [1 x ptr] [ptr @___asan_globals_registered], "
                       "section \"llvm.metadata\"\n";
  InputFile Crate = input("crate.bc", InputRole::Crate, crateIR(Shared));
  std::vector<InputFile> Helpers;
  Helpers.push_back(
      input("helpers.bc", InputRole::Helpers, helperIR("x86_64-unknown-linux-gnu", "", Shared)));
  ASSERT_TRUE(Crate.M && Helpers[0].M);
  Expected<CompatFindings> F = checkCompatibility(*Crate.M, Crate.Path, Helpers);
  EXPECT_TRUE(static_cast<bool>(F)) << toString(F.takeError());
}
