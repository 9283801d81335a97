//===- helperlink/Inputs.h - Reading crate and helper modules ---*- C++ -*-===//
//
// The first stage: turn paths into modules, and the exported-symbols list
// into names. Bitcode is read lazily so that helper bodies the crate never
// calls are never materialized.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_INPUTS_H
#define HELPERLINK_INPUTS_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <set>
#include <string>

namespace llvm {
class LLVMContext;
class MemoryBuffer;
} // namespace llvm

namespace helperlink {

enum class InputRole { Crate, Helpers };
enum class InputFormat {
  Bitcode,
  TextualIR,
  /// A module rustc hands the plugin, never written to a file.
  RustcModule,
};

struct InputFile {
  std::string Path;
  InputRole Role = InputRole::Crate;
  InputFormat Format = InputFormat::Bitcode;
  /// The producer string recorded in the bitcode's identification block
  /// ("LLVM22.1.2-rust-1.95.0-stable", "LLVM22.1.8"); empty for textual IR.
  std::string Producer;
  std::unique_ptr<llvm::Module> M;
};

/// Reads \p Path as bitcode or textual IR. Bitcode made by another LLVM
/// major than helperlink's own is refused before it is parsed: its IR may
/// mean something else. Bitcode is loaded lazily when \p Lazy is set;
/// textual IR is parsed and verified whole. Every failure is a FileError
/// naming \p Path.
llvm::Expected<InputFile> readInput(llvm::StringRef Path, InputRole Role, llvm::LLVMContext &Ctx,
                                    bool Lazy);

/// As readInput, for contents already in memory; \p Buffer's identifier is
/// the name errors give. \p Buffer must be followed by a NUL, as
/// MemoryBuffer::getFile's and getMemBufferCopy's are: LLVM's textual IR
/// reader reads up to it.
llvm::Expected<InputFile> readInputBuffer(std::unique_ptr<llvm::MemoryBuffer> Buffer,
                                          InputRole Role, llvm::LLVMContext &Ctx, bool Lazy);

/// Runs \p ParseStep, a step that parses, materializes or verifies \p Path's
/// bitcode, so that a crash inside LLVM on malformed input becomes an error
/// naming \p Path. Takes effect once the program has called
/// llvm::CrashRecoveryContext::Enable(); the tool does.
llvm::Error guardedParse(llvm::StringRef Path, llvm::function_ref<llvm::Error()> ParseStep);

/// Whether guardedParse caught a crash in this process. The reader's state
/// (the LLVMContext above all) is then corrupt: report and exit at once,
/// without running destructors.
bool bitcodeReaderCrashed();

/// Which compiler made a module, and what says so.
struct MadeBy {
  /// "rustc", "clang", or empty when nothing says (hand-written IR).
  std::string Compiler;
  /// "producer 'LLVM22.1.2-rust-1.95.0-stable'", "llvm.ident '...'".
  std::string Evidence;
};

/// Reads the producer string (rustup's rustc: "-rust-" in it) and the
/// module's llvm.ident ("rustc version ...", "... clang version ...").
MadeBy madeBy(const llvm::Module &M, llvm::StringRef Producer);

/// The major of a dotted version ("22.1.2" -> 22), or nothing when it does
/// not start with a number.
std::optional<unsigned> majorOf(llvm::StringRef Version);

/// The LLVM major version in a producer string, or nothing when the string
/// does not start with "LLVM<major>".
std::optional<unsigned> producerMajorVersion(llvm::StringRef Producer);

/// Reads an exported-symbols list: one symbol per line, or Module.symvers
/// lines ("0x1234abcd<TAB>symbol<TAB>module<TAB>EXPORT_SYMBOL...").
llvm::Expected<std::set<std::string>> readExportedSymbols(llvm::StringRef Path);

} // namespace helperlink

#endif
