//===- InputsTest.cpp - readInput, readExportedSymbols --------------------===//

#include "TestUtil.h"

#include "helperlink/Inputs.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/IR/Function.h"
#include "llvm/Support/FileSystem.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include <random>

using namespace llvm;
using namespace helperlink;
using namespace helperlink::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

namespace {

const char *const ThreeFunctions = "define dso_local i32 @first(i32 noundef %x) {\n"
                                   "  %y = add nsw i32 %x, 1\n"
                                   "  ret i32 %y\n"
                                   "}\n"
                                   "define dso_local i32 @second(i32 noundef %x) {\n"
                                   "  %y = mul nsw i32 %x, 2\n"
                                   "  ret i32 %y\n"
                                   "}\n"
                                   "define internal i32 @third(i32 noundef %x) {\n"
                                   "  %y = call i32 @first(i32 %x)\n"
                                   "  ret i32 %y\n"
                                   "}\n"
                                   "define dso_local ptr @keep_third() {\n"
                                   "  ret ptr @third\n"
                                   "}\n";

class ReadInput : public ::testing::Test {
protected:
  LLVMContext Ctx;
  std::string Bitcode;

  void SetUp() override {
    LLVMContext WriterCtx;
    std::unique_ptr<Module> M = parseIR(WriterCtx, std::string(X86Header) + ThreeFunctions);
    ASSERT_TRUE(M);
    Bitcode = bitcodeOf(*M);
    ASSERT_GT(Bitcode.size(), 64u);
  }

  static std::vector<Function *> defined(Module &M) {
    std::vector<Function *> Out;
    for (const char *Name : {"first", "second", "third", "keep_third"})
      if (Function *F = M.getFunction(Name))
        Out.push_back(F);
    return Out;
  }

  /// readInput must fail, naming the file in its message.
  void expectFailure(StringRef Path, InputRole Role, bool Lazy, StringRef MessagePart = "") {
    Expected<InputFile> In = readInput(Path, Role, Ctx, Lazy);
    ASSERT_FALSE(static_cast<bool>(In)) << "read " << Path.str() << " without error";
    std::string Msg = toString(In.takeError());
    EXPECT_THAT(Msg, HasSubstr(Path.str()));
    if (!MessagePart.empty()) {
      EXPECT_THAT(Msg, HasSubstr(MessagePart.str()));
    }
  }
};

TEST_F(ReadInput, LazyHelpersLeaveFunctionBodiesUnread) {
  TempFile File("bc", Bitcode);
  Expected<InputFile> In = readInput(File.path(), InputRole::Helpers, Ctx, /*Lazy=*/true);
  ASSERT_TRUE(static_cast<bool>(In)) << toString(In.takeError());
  EXPECT_EQ(In->Format, InputFormat::Bitcode);
  EXPECT_EQ(In->Role, InputRole::Helpers);
  EXPECT_EQ(In->Path, File.path().str());
  ASSERT_TRUE(In->M);
  std::vector<Function *> Fns = defined(*In->M);
  ASSERT_EQ(Fns.size(), 4u);
  for (Function *F : Fns)
    EXPECT_TRUE(F->isMaterializable()) << F->getName().str() << " was loaded";
}

TEST_F(ReadInput, RecordsTheProducer) {
  TempFile File("bc", Bitcode);
  Expected<InputFile> In = readInput(File.path(), InputRole::Helpers, Ctx, true);
  ASSERT_TRUE(static_cast<bool>(In)) << toString(In.takeError());
  EXPECT_THAT(In->Producer, StartsWith("LLVM" + std::to_string(LLVM_VERSION_MAJOR)));
  EXPECT_EQ(producerMajorVersion(In->Producer), unsigned(LLVM_VERSION_MAJOR));
}

TEST_F(ReadInput, CrateIsMaterializedEvenWhenLazy) {
  TempFile File("bc", Bitcode);
  Expected<InputFile> In = readInput(File.path(), InputRole::Crate, Ctx, /*Lazy=*/true);
  ASSERT_TRUE(static_cast<bool>(In)) << toString(In.takeError());
  ASSERT_TRUE(In->M);
  std::vector<Function *> Fns = defined(*In->M);
  ASSERT_EQ(Fns.size(), 4u);
  for (Function *F : Fns) {
    EXPECT_FALSE(F->isMaterializable()) << F->getName().str();
    EXPECT_FALSE(F->isDeclaration()) << F->getName().str();
  }
}

TEST_F(ReadInput, EagerHelpersAreMaterialized) {
  TempFile File("bc", Bitcode);
  Expected<InputFile> In = readInput(File.path(), InputRole::Helpers, Ctx, /*Lazy=*/false);
  ASSERT_TRUE(static_cast<bool>(In)) << toString(In.takeError());
  for (Function *F : defined(*In->M)) {
    EXPECT_FALSE(F->isMaterializable()) << F->getName().str();
    EXPECT_FALSE(F->isDeclaration()) << F->getName().str();
  }
}

TEST_F(ReadInput, TextualIRIsParsedWhole) {
  TempFile File("ll", std::string(X86Header) + ThreeFunctions);
  Expected<InputFile> In = readInput(File.path(), InputRole::Helpers, Ctx, true);
  ASSERT_TRUE(static_cast<bool>(In)) << toString(In.takeError());
  EXPECT_EQ(In->Format, InputFormat::TextualIR);
  EXPECT_EQ(In->Producer, "");
  EXPECT_EQ(In->M->getTargetTriple().str(), "x86_64-unknown-linux-gnu");
  for (Function *F : defined(*In->M))
    EXPECT_FALSE(F->isDeclaration()) << F->getName().str();
}

TEST_F(ReadInput, EmptyFileIsAnError) {
  TempFile File("bc", "");
  for (InputRole Role : {InputRole::Crate, InputRole::Helpers})
    for (bool Lazy : {true, false})
      expectFailure(File.path(), Role, Lazy, "empty");
}

TEST_F(ReadInput, RandomBytesAreAnError) {
  std::mt19937 Gen(20240607);
  std::string Junk;
  for (int I = 0; I < 4096; ++I)
    Junk.push_back(static_cast<char>(Gen() & 0xff));
  Junk[1] = '\0'; // certainly not text
  TempFile File("bc", Junk);
  for (InputRole Role : {InputRole::Crate, InputRole::Helpers})
    for (bool Lazy : {true, false})
      expectFailure(File.path(), Role, Lazy);
}

TEST_F(ReadInput, BitcodeMagicFollowedByJunkIsAnError) {
  std::string Junk = "BC\xC0\xDE";
  std::mt19937 Gen(7);
  for (int I = 0; I < 512; ++I)
    Junk.push_back(static_cast<char>(Gen() & 0xff));
  TempFile File("bc", Junk);
  for (InputRole Role : {InputRole::Crate, InputRole::Helpers})
    for (bool Lazy : {true, false})
      expectFailure(File.path(), Role, Lazy);
}

TEST_F(ReadInput, TruncatedBitcodeIsAnErrorForTheCrate) {
  TempFile File("bc", StringRef(Bitcode).take_front(Bitcode.size() / 2));
  expectFailure(File.path(), InputRole::Crate, /*Lazy=*/true);
  expectFailure(File.path(), InputRole::Crate, /*Lazy=*/false);
}

TEST_F(ReadInput, TruncatedBitcodeIsAnErrorForEagerHelpers) {
  TempFile File("bc", StringRef(Bitcode).take_front(Bitcode.size() / 2));
  expectFailure(File.path(), InputRole::Helpers, /*Lazy=*/false);
}

TEST_F(ReadInput, TruncatedBitcodeIsAnErrorForLazyHelpers) {
  TempFile File("bc", StringRef(Bitcode).take_front(Bitcode.size() / 2));
  expectFailure(File.path(), InputRole::Helpers, /*Lazy=*/true);
}

TEST_F(ReadInput, EveryTruncationIsAnErrorNotACrash) {
  // Cut the bitcode at many points; each must give an Error.
  for (size_t Len = 1; Len < Bitcode.size(); Len += 1 + Len / 8) {
    TempFile File("bc", StringRef(Bitcode).take_front(Len));
    SCOPED_TRACE("truncated to " + std::to_string(Len) + " of " + std::to_string(Bitcode.size()) +
                 " bytes");
    expectFailure(File.path(), InputRole::Crate, /*Lazy=*/true);
    expectFailure(File.path(), InputRole::Helpers, /*Lazy=*/true);
    expectFailure(File.path(), InputRole::Helpers, /*Lazy=*/false);
  }
}

TEST_F(ReadInput, MissingFileIsAnError) {
  SmallString<128> Dir;
  ASSERT_FALSE(sys::fs::createUniqueDirectory("helperlink-unittest", Dir));
  std::string Path = (Dir + "/no-such-file.bc").str();
  expectFailure(Path, InputRole::Crate, true, "cannot open");
  sys::fs::remove(Dir);
}

TEST_F(ReadInput, DirectoryIsAnError) {
  SmallString<128> Dir;
  ASSERT_FALSE(sys::fs::createUniqueDirectory("helperlink-unittest", Dir));
  expectFailure(Dir, InputRole::Helpers, true, "directory");
  sys::fs::remove(Dir);
}

TEST_F(ReadInput, InvalidTextualIRNamesTheLine) {
  TempFile File("ll",
                std::string(X86Header) + "define i32 @f() {\n  ret i32 %undefined_value\n}\n");
  expectFailure(File.path(), InputRole::Helpers, true, "line 4");
}

TEST_F(ReadInput, TextualIRFailingTheVerifierIsAnError) {
  // Parses, but %v does not dominate its use: only the verifier objects.
  TempFile File("ll", std::string(X86Header) + "define i32 @f(i1 %c) {\n"
                                               "entry:\n"
                                               "  br i1 %c, label %a, label %b\n"
                                               "a:\n"
                                               "  %v = add i32 1, 2\n"
                                               "  br label %b\n"
                                               "b:\n"
                                               "  ret i32 %v\n"
                                               "}\n");
  expectFailure(File.path(), InputRole::Helpers, true, "invalid module");
}

//===----------------------------------------------------------------------===//
// readExportedSymbols
//===----------------------------------------------------------------------===//

std::set<std::string> readOK(StringRef Contents) {
  TempFile File("txt", Contents);
  Expected<std::set<std::string>> Names = readExportedSymbols(File.path());
  if (!Names) {
    ADD_FAILURE() << toString(Names.takeError());
    return {};
  }
  return *Names;
}

TEST(ReadExportedSymbols, OneSymbolPerLine) {
  EXPECT_THAT(readOK("kmalloc\nkfree\n__rust_helper_memcpy\n"),
              ElementsAre("__rust_helper_memcpy", "kfree", "kmalloc"));
}

TEST(ReadExportedSymbols, SkipsBlankLinesCommentsAndWhitespace) {
  EXPECT_THAT(readOK("# exported by the C side\n\n  kmalloc  \r\n\tkfree\n\n"),
              ElementsAre("kfree", "kmalloc"));
}

TEST(ReadExportedSymbols, NoTrailingNewline) {
  EXPECT_THAT(readOK("kmalloc\nkfree"), ElementsAre("kfree", "kmalloc"));
}

TEST(ReadExportedSymbols, ModuleSymvers) {
  EXPECT_THAT(readOK("0x12345678\tvrealloc_node_align_noprof\tvmlinux\tEXPORT_SYMBOL\t\n"
                     "0x9abcdef0\tkfree\tvmlinux\tEXPORT_SYMBOL\t\n"
                     "0x0badf00d\tusb_register_driver\tdrivers/usb/core/usbcore\t"
                     "EXPORT_SYMBOL_GPL\tUSB_CORE\n"),
              ElementsAre("kfree", "usb_register_driver", "vrealloc_node_align_noprof"));
}

TEST(ReadExportedSymbols, ModuleSymversWithCRLF) {
  EXPECT_THAT(readOK("0x12345678\tkmalloc\tvmlinux\tEXPORT_SYMBOL\t\r\n"), ElementsAre("kmalloc"));
}

TEST(ReadExportedSymbols, EmptyFileGivesNoSymbols) { EXPECT_THAT(readOK(""), IsEmpty()); }

TEST(ReadExportedSymbols, MissingFileIsAnErrorNamingIt) {
  SmallString<128> Dir;
  ASSERT_FALSE(sys::fs::createUniqueDirectory("helperlink-unittest", Dir));
  std::string Path = (Dir + "/Module.symvers").str();
  Expected<std::set<std::string>> Names = readExportedSymbols(Path);
  ASSERT_FALSE(static_cast<bool>(Names));
  EXPECT_THAT(toString(Names.takeError()), HasSubstr(Path));
  sys::fs::remove(Dir);
}

TEST(MajorOf, ReadsTheLeadingNumber) {
  EXPECT_EQ(majorOf("22.1.2"), 22u);
  EXPECT_EQ(majorOf("22"), 22u);
  EXPECT_EQ(majorOf("14.0.6-rust-1.70"), 14u);
  EXPECT_EQ(majorOf("9.0"), 9u);
}

TEST(MajorOf, NothingWithoutLeadingDigits) {
  EXPECT_EQ(majorOf(""), std::nullopt);
  EXPECT_EQ(majorOf("v22.1"), std::nullopt);
  EXPECT_EQ(majorOf(".1"), std::nullopt);
  EXPECT_EQ(majorOf("99999999999999999999"), std::nullopt); // overflows
}

} // namespace
