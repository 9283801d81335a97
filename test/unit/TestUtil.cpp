//===- TestUtil.cpp - Shared helpers for helperlink's unit tests ----------===//

#include "TestUtil.h"

#include "helperlink/Codegen.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include "gtest/gtest.h"

using namespace llvm;

namespace helperlink {
namespace test {

namespace {
/// Registers every target once for the whole test binary and builds the
/// shared x86-64 target machine.
class TargetEnvironment : public ::testing::Environment {
public:
  static std::unique_ptr<TargetMachine> TM;

  void SetUp() override {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    TargetSettings S;
    S.Triple = "x86_64-unknown-linux-gnu";
    S.CPU = "x86-64";
    S.Relocation = Reloc::PIC_;
    Expected<std::unique_ptr<TargetMachine>> Made = createTargetMachine(S);
    ASSERT_TRUE(static_cast<bool>(Made)) << toString(Made.takeError());
    TM = std::move(*Made);
  }
  void TearDown() override { TM.reset(); }
};
std::unique_ptr<TargetMachine> TargetEnvironment::TM;

[[maybe_unused]] ::testing::Environment *const Registered =
    ::testing::AddGlobalTestEnvironment(new TargetEnvironment);
} // namespace

const TargetMachine &x86TargetMachine() {
  if (!TargetEnvironment::TM) {
    ADD_FAILURE() << "the test environment did not create a target machine";
    std::abort();
  }
  return *TargetEnvironment::TM;
}

std::string clangKernelFnAttrs() {
  return std::string("mustprogress nofree norecurse nosync nounwind "
                     "null_pointer_is_valid sspstrong willreturn uwtable "
                     "\"min-legal-vector-width\"=\"0\" \"no-builtin-wcslen\" "
                     "\"no-trapping-math\"=\"true\" "
                     "\"stack-protector-buffer-size\"=\"8\" \"target-cpu\"=\"x86-64\" "
                     "\"target-features\"=\"") +
         ClangBaselineFeatures + "\" \"tune-cpu\"=\"generic\"";
}

std::unique_ptr<Module> parseIR(LLVMContext &Ctx, StringRef IR) {
  SMDiagnostic Diag;
  std::unique_ptr<Module> M = parseAssemblyString(IR, Diag, Ctx);
  if (!M) {
    std::string Msg;
    raw_string_ostream OS(Msg);
    Diag.print("test-ir", OS);
    ADD_FAILURE() << "test IR does not parse:\n" << Msg << "\n" << IR.str();
  }
  return M;
}

CallBase *findCall(Function &Caller, StringRef CalleeName) {
  for (Instruction &I : instructions(Caller))
    if (auto *CB = dyn_cast<CallBase>(&I))
      if (Function *F = CB->getCalledFunction(); F && F->getName() == CalleeName)
        return CB;
  return nullptr;
}

unsigned countCallsTo(Module &M, StringRef CalleeName) {
  unsigned N = 0;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (auto *Callee = dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts());
            Callee && Callee->getName() == CalleeName)
          ++N;
  return N;
}

TempFile::TempFile(StringRef Suffix, StringRef Contents) {
  int FD;
  if (std::error_code EC = sys::fs::createTemporaryFile("helperlink-unittest", Suffix, FD, Path)) {
    ADD_FAILURE() << "cannot create a temporary file: " << EC.message();
    return;
  }
  raw_fd_ostream OS(FD, /*shouldClose=*/true);
  OS << Contents;
}

TempFile::~TempFile() {
  if (!Path.empty())
    sys::fs::remove(Path);
}

void TempFile::write(StringRef Contents) const {
  std::error_code EC;
  raw_fd_ostream OS(Path, EC);
  if (EC) {
    ADD_FAILURE() << "cannot write " << Path.str().str() << ": " << EC.message();
    return;
  }
  OS << Contents;
}

std::string bitcodeOf(const Module &M) {
  std::string Buf;
  raw_string_ostream OS(Buf);
  WriteBitcodeToFile(M, OS);
  OS.flush();
  return Buf;
}

} // namespace test
} // namespace helperlink
