//===- InputsKeyTest.cpp - the digest of a plugin build's own inputs ------===//

#include "helperlink/InputsKey.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <map>

using namespace llvm;
using namespace helperlink;

namespace {

/// A temporary file holding \p Text, removed with the object.
struct TempFile {
  SmallString<128> Path;
  std::optional<FileRemover> Remove;
  explicit TempFile(StringRef Text) {
    int FD;
    EXPECT_FALSE(sys::fs::createTemporaryFile("inputs-key", "bin", FD, Path));
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    Remove.emplace(Path);
  }
  std::string str() const { return std::string(Path); }
};

std::string key(std::vector<std::string> Helpers, StringRef Plugin, StringRef Options) {
  Expected<std::string> K = helperInputsKey(Helpers, Plugin, Options);
  EXPECT_TRUE(static_cast<bool>(K)) << toString(K.takeError());
  return K ? *K : "";
}

TEST(InputsKey, ContentNotPath) {
  TempFile A("helpers"), B("helpers"), Plugin("plugin");
  EXPECT_EQ(key({A.str()}, Plugin.str(), ""), key({B.str()}, Plugin.str(), ""));
  EXPECT_EQ(key({A.str()}, Plugin.str(), "").size(), 32u);
}

TEST(InputsKey, EachInputChangesIt) {
  TempFile H("helpers"), H2("helpers2"), Plugin("plugin"), Plugin2("plugin2");
  std::string Base = key({H.str()}, Plugin.str(), "--require-inlined");
  EXPECT_NE(Base, key({H2.str()}, Plugin.str(), "--require-inlined"));
  EXPECT_NE(Base, key({H.str()}, Plugin2.str(), "--require-inlined"));
  EXPECT_NE(Base, key({H.str()}, Plugin.str(), "--allow-interposable"));
  EXPECT_NE(Base, key({H.str(), H2.str()}, Plugin.str(), "--require-inlined"));
}

TEST(InputsKey, PartsDoNotRunTogether) {
  // "ab" + "c" and "a" + "bc" are different lists of files.
  TempFile AB("ab"), C("c"), A("a"), BC("bc");
  EXPECT_NE(key({AB.str(), C.str()}, "", ""), key({A.str(), BC.str()}, "", ""));
}

TEST(InputsKey, MissingFileIsAnError) {
  Expected<std::string> K = helperInputsKey({"/nonexistent/helpers.bc"}, "", "");
  ASSERT_FALSE(static_cast<bool>(K));
  EXPECT_NE(toString(K.takeError()).find("/nonexistent/helpers.bc"), std::string::npos);
}

TEST(InputsKey, CodeOptionsLeaveOutReportsAndVerbosity) {
  Config A, B;
  A.RequireInlined = B.RequireInlined = true;
  B.ReportFile = "target/helperlink";
  B.Verbosity = 2;
  B.HelperFiles = {"h.bc"};
  EXPECT_EQ(codeOptionsFor(A), codeOptionsFor(B));
  B.AllowInterposable = true;
  EXPECT_NE(codeOptionsFor(A), codeOptionsFor(B));
}

/// The digests of the helpers in the IR \p Text, by helper name.
std::map<std::string, std::string> digests(StringRef Text) {
  LLVMContext Ctx;
  SMDiagnostic Err;
  std::unique_ptr<Module> M = parseAssemblyString(Text, Err, Ctx);
  EXPECT_TRUE(M) << Err.getMessage().str();
  std::map<std::string, std::string> Out;
  if (M)
    for (HelperDigest &D : helperDigests(*M, /*KeepDebugInfo=*/false))
      Out[D.Name] = D.Digest;
  return Out;
}

std::string helpersIR(StringRef LockAsm, StringRef LockSrcLoc, StringRef ReadBody) {
  return ("define void @rust_helper_lock(ptr %l) {\n"
          "  call void asm sideeffect \"" +
          LockAsm + "\", \"~{memory}\"(), !srcloc !0\n  ret void\n}\n" +
          "define i32 @rust_helper_read(ptr %p) {\n" + ReadBody + "}\n" + "!0 = !{i64 " +
          LockSrcLoc + "}\n")
      .str();
}

TEST(HelperDigests, InlineAsmSourceOffsetIsNotCode) {
  const char *Read = "  %v = load i32, ptr %p\n  ret i32 %v\n";
  auto Before = digests(helpersIR("", "1042", Read));
  // An edit earlier in the file moves the asm's !srcloc, not its code.
  auto Moved = digests(helpersIR("", "1057", Read));
  ASSERT_EQ(Before.size(), 2u);
  EXPECT_EQ(Before, Moved);
  auto NewAsm = digests(helpersIR("nop", "1042", Read));
  EXPECT_NE(Before["rust_helper_lock"], NewAsm["rust_helper_lock"]);
  EXPECT_EQ(Before["rust_helper_read"], NewAsm["rust_helper_read"]);
}

TEST(HelperDigests, AnEditChangesOnlyItsHelper) {
  auto Before = digests(helpersIR("", "1042", "  %v = load i32, ptr %p\n  ret i32 %v\n"));
  auto After = digests(helpersIR("", "1042", "  %v = load volatile i32, ptr %p\n  ret i32 %v\n"));
  EXPECT_EQ(Before["rust_helper_lock"], After["rust_helper_lock"]);
  EXPECT_NE(Before["rust_helper_read"], After["rust_helper_read"]);
}

} // namespace
