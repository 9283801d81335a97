//===- TestUtil.h - Shared helpers for helperlink's unit tests ------------===//

#ifndef HELPERLINK_UNITTEST_TESTUTIL_H
#define HELPERLINK_UNITTEST_TESTUTIL_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <memory>
#include <string>

namespace llvm {
class CallBase;
class Function;
class TargetMachine;
} // namespace llvm

namespace helperlink {
namespace test {

/// The data layout and triple rustc 1.95 (LLVM 22) writes for
/// x86_64-unknown-linux-gnu.
inline constexpr const char *X86Header =
    "target datalayout = "
    "\"e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:"
    "32:64-S128\"\n"
    "target triple = \"x86_64-unknown-linux-gnu\"\n";

/// Function attributes rustc puts on an ordinary function for the default
/// x86_64-unknown-linux-gnu target: a CPU but no target-features.
inline constexpr const char *RustcFnAttrs =
    "nounwind nonlazybind uwtable \"probe-stack\"=\"inline-asm\" "
    "\"target-cpu\"=\"x86-64\"";

/// The x86-64 baseline feature string clang 22 writes on every function.
inline constexpr const char *ClangBaselineFeatures = "+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87";

/// The feature string clang 22 writes for __attribute__((target("avx2"))).
inline constexpr const char *ClangAVX2Features =
    "+avx,+avx2,+cmov,+crc32,+cx8,+fxsr,+mmx,+popcnt,+sse,+sse2,+sse3,"
    "+sse4.1,+sse4.2,+ssse3,+x87,+xsave";

/// Function attributes clang 22 -O2 puts on a helper built the way a kernel
/// builds C (-fno-delete-null-pointer-checks -fstack-protector-strong
/// -fno-builtin-wcslen).
std::string clangKernelFnAttrs();

/// Parses \p IR into a fresh module of \p Ctx; on a parse error records a
/// test failure naming the line and returns null.
std::unique_ptr<llvm::Module> parseIR(llvm::LLVMContext &Ctx, llvm::StringRef IR);

/// The first call in \p Caller to the function named \p CalleeName, or null.
llvm::CallBase *findCall(llvm::Function &Caller, llvm::StringRef CalleeName);

/// Number of calls to \p CalleeName anywhere in \p M.
unsigned countCallsTo(llvm::Module &M, llvm::StringRef CalleeName);

/// The x86_64-unknown-linux-gnu, x86-64, no-extra-features target machine
/// every decision test shares. The targets are initialized once by the test
/// environment registered in TestUtil.cpp.
const llvm::TargetMachine &x86TargetMachine();

/// A temporary file that is removed when the object goes out of scope.
class TempFile {
  llvm::SmallString<128> Path;

public:
  /// Creates a temporary file with suffix \p Suffix holding \p Contents.
  explicit TempFile(llvm::StringRef Suffix, llvm::StringRef Contents = {});
  ~TempFile();
  TempFile(const TempFile &) = delete;
  TempFile &operator=(const TempFile &) = delete;

  llvm::StringRef path() const { return Path; }
  /// Replaces the file's contents with \p Contents.
  void write(llvm::StringRef Contents) const;
};

/// The bitcode of \p M, as LLVM's writer produces it.
std::string bitcodeOf(const llvm::Module &M);

} // namespace test
} // namespace helperlink

#endif
