//===- OutputTest.cpp - writeAtomically -----------------------------------===//

#include "helperlink/Output.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace helperlink;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

namespace {

class WriteAtomically : public ::testing::Test {
protected:
  SmallString<128> Dir;
  std::string Out;

  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("helperlink-unittest", Dir));
    Out = (Dir + "/crate.o").str();
  }
  void TearDown() override { sys::fs::remove_directories(Dir); }

  std::vector<std::string> entries() {
    std::vector<std::string> Names;
    std::error_code EC;
    for (sys::fs::directory_iterator I(Dir, EC), E; I != E && !EC; I.increment(EC))
      Names.push_back(sys::path::filename(I->path()).str());
    llvm::sort(Names);
    return Names;
  }

  std::string contents(StringRef Path) {
    auto Buf = MemoryBuffer::getFile(Path);
    if (!Buf)
      return "<unreadable>";
    return (*Buf)->getBuffer().str();
  }

  static Error writeText(raw_pwrite_stream &OS, StringRef Text) {
    OS << Text;
    return Error::success();
  }
  static Error failAtOnce(raw_pwrite_stream &) {
    return createStringError(inconvertibleErrorCode(), "no target for this");
  }
  static Error failHalfway(raw_pwrite_stream &OS) {
    OS << "half an object";
    return createStringError(inconvertibleErrorCode(), "codegen failed");
  }
};

TEST_F(WriteAtomically, WritesTheFile) {
  Error E = writeAtomically(Out, [](raw_pwrite_stream &OS) {
    return writeText(OS, "\x7f"
                         "ELF object");
  });
  ASSERT_FALSE(E) << toString(std::move(E));
  EXPECT_EQ(contents(Out), "\x7f"
                           "ELF object");
  EXPECT_THAT(entries(), ElementsAre("crate.o")) << "temporary file left behind";
}

TEST_F(WriteAtomically, ReplacesAnExistingFile) {
  {
    std::error_code EC;
    raw_fd_ostream OS(Out, EC);
    ASSERT_FALSE(EC);
    OS << "old";
  }
  Error E = writeAtomically(Out, [](raw_pwrite_stream &OS) { return writeText(OS, "new"); });
  ASSERT_FALSE(E) << toString(std::move(E));
  EXPECT_EQ(contents(Out), "new");
  EXPECT_THAT(entries(), ElementsAre("crate.o"));
}

TEST_F(WriteAtomically, FailureBeforeWritingLeavesNoFile) {
  Error E = writeAtomically(Out, failAtOnce);
  ASSERT_TRUE(static_cast<bool>(E));
  EXPECT_THAT(toString(std::move(E)), HasSubstr("no target for this"));
  EXPECT_FALSE(sys::fs::exists(Out));
  EXPECT_THAT(entries(), IsEmpty()) << "temporary file left behind";
}

TEST_F(WriteAtomically, FailureBeforeWritingLeavesAnExistingFileUntouched) {
  {
    std::error_code EC;
    raw_fd_ostream OS(Out, EC);
    ASSERT_FALSE(EC);
    OS << "previous build";
  }
  Error E = writeAtomically(Out, failAtOnce);
  ASSERT_TRUE(static_cast<bool>(E));
  consumeError(std::move(E));
  EXPECT_EQ(contents(Out), "previous build");
  EXPECT_THAT(entries(), ElementsAre("crate.o"));
}

TEST_F(WriteAtomically, FailureAfterPartialOutputLeavesNoFile) {
  Error E = writeAtomically(Out, failHalfway);
  ASSERT_TRUE(static_cast<bool>(E));
  EXPECT_THAT(toString(std::move(E)), HasSubstr("codegen failed"));
  EXPECT_FALSE(sys::fs::exists(Out));
  EXPECT_THAT(entries(), IsEmpty()) << "temporary file left behind";
}

TEST_F(WriteAtomically, FailureAfterPartialOutputLeavesAnExistingFileUntouched) {
  {
    std::error_code EC;
    raw_fd_ostream OS(Out, EC);
    ASSERT_FALSE(EC);
    OS << "previous build";
  }
  Error E = writeAtomically(Out, failHalfway);
  ASSERT_TRUE(static_cast<bool>(E));
  consumeError(std::move(E));
  EXPECT_EQ(contents(Out), "previous build");
  EXPECT_THAT(entries(), ElementsAre("crate.o"));
}

TEST_F(WriteAtomically, MissingDirectoryIsAnErrorNamingThePath) {
  std::string Path = (Dir + "/no-such-dir/crate.o").str();
  Error E = writeAtomically(Path, [](raw_pwrite_stream &OS) { return writeText(OS, "x"); });
  ASSERT_TRUE(static_cast<bool>(E));
  EXPECT_THAT(toString(std::move(E)), HasSubstr(Path));
}

} // namespace

namespace {

TEST_F(WriteAtomically, OutputSetWritesNothingWhenOneOutputFails) {
  // The object and its report appear together or not at all.
  std::string Report = (Dir + "/crate.json").str();
  {
    OutputSet Set;
    Error First = Set.add(Out, [](raw_pwrite_stream &OS) { return writeText(OS, "object"); });
    ASSERT_FALSE(First) << toString(std::move(First));
    Error Second = Set.add(Report, [](raw_pwrite_stream &) {
      return createStringError(inconvertibleErrorCode(), "report failed");
    });
    ASSERT_TRUE(static_cast<bool>(Second));
    consumeError(std::move(Second));
  } // destroyed without commit()
  EXPECT_THAT(entries(), IsEmpty()) << "an output or temporary file was left";
}

TEST_F(WriteAtomically, OutputSetCommitsAllTogether) {
  std::string Report = (Dir + "/crate.json").str();
  OutputSet Set;
  ASSERT_FALSE(Set.add(Out, [](raw_pwrite_stream &OS) { return writeText(OS, "object"); }));
  ASSERT_FALSE(Set.add(Report, [](raw_pwrite_stream &OS) { return writeText(OS, "{}"); }));
  EXPECT_THAT(entries(), SizeIs(2)); // two temporary files, nothing final yet
  EXPECT_FALSE(sys::fs::exists(Out));
  ASSERT_FALSE(Set.commit());
  EXPECT_EQ(contents(Out), "object");
  EXPECT_EQ(contents(Report), "{}");
  EXPECT_THAT(entries(), ElementsAre("crate.json", "crate.o"));
}

TEST_F(WriteAtomically, DepInfoGetsStampsInEachOutputsRule) {
  {
    std::error_code EC;
    raw_fd_ostream OS(Out, EC);
    ASSERT_FALSE(EC);
    OS << "k/a.d: src/lib.rs src/m.rs\n\nk/a.o: src/lib.rs src/m.rs\n\nsrc/lib.rs:\nsrc/m.rs:\n";
  }
  ASSERT_FALSE(errorToBool(addDepInfoPrerequisites(Out, {"st/x y", "st/p$q", "st/#h"})));
  auto Buf = MemoryBuffer::getFile(Out);
  ASSERT_TRUE(bool(Buf));
  // After each output's sources (fixdep drops a rule's first prerequisite),
  // quoted for make, each with an empty rule.
  EXPECT_EQ((*Buf)->getBuffer(), "k/a.d: src/lib.rs src/m.rs st/x\\ y st/p$$q st/\\#h\n\n"
                                 "k/a.o: src/lib.rs src/m.rs st/x\\ y st/p$$q st/\\#h\n\n"
                                 "src/lib.rs:\nsrc/m.rs:\n\n"
                                 "st/x\\ y:\nst/p$$q:\nst/\\#h:\n");
}

TEST_F(WriteAtomically, DepInfoWithoutARuleIsAnError) {
  {
    std::error_code EC;
    raw_fd_ostream OS(Out, EC);
    OS << "src/lib.rs:\n";
  }
  Error E = addDepInfoPrerequisites(Out, {"st/a"});
  ASSERT_TRUE(bool(E));
  EXPECT_THAT(toString(std::move(E)), HasSubstr("no rule to add prerequisites to"));
}

} // namespace
