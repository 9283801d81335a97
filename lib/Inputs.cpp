//===- Inputs.cpp - Reading crate and helper modules ----------------------===//

#include "helperlink/Inputs.h"

#include "helperlink/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/LLVMBitCodes.h"
#include "llvm/Bitstream/BitstreamReader.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <atomic>

using namespace llvm;

namespace helperlink {

static Error badBitcode(StringRef Path, Error E) {
  return fileError(Path, "invalid or truncated bitcode: " + toString(std::move(E)));
}

static std::atomic<bool> ReaderCrashed{false};

bool bitcodeReaderCrashed() { return ReaderCrashed; }

Error guardedParse(StringRef Path, function_ref<Error()> ParseStep) {
  std::optional<Error> Result;
  CrashRecoveryContext CRC;
  if (CRC.RunSafely([&] { Result.emplace(ParseStep()); }))
    return std::move(*Result);
  ReaderCrashed = true;
  if (Result)
    consumeError(std::move(*Result));
  return fileError(Path, "invalid bitcode: LLVM crashed reading it "
                         "(malformed or corrupted file)");
}

/// A function has one attribute set per parameter: no real index comes
/// anywhere near this.
static constexpr uint64_t MaxAttributeIndex = 1u << 16;

/// LLVM 22's bitcode reader sizes an attribute list by an attribute group's
/// parameter index, read straight from the file: a corrupted index makes it
/// allocate gigabytes before any check (found by fuzzing). Scans the module's
/// attribute groups first; anything else unusual is left to the reader.
static Error checkAttributeGroupIndices(MemoryBufferRef Buf, StringRef Path) {
  BitstreamCursor Stream(Buf);
  // 'B', 'C', then 0xC0DE in four nibbles.
  static const std::pair<unsigned, unsigned> Magic[] = {{8, 'B'}, {8, 'C'}, {4, 0x0},
                                                        {4, 0xC}, {4, 0xE}, {4, 0xD}};
  for (auto [Bits, Value] : Magic)
    if (Expected<SimpleBitstreamCursor::word_t> W = Stream.Read(Bits); !W || *W != Value) {
      if (!W)
        consumeError(W.takeError());
      return Error::success();
    }
  std::optional<BitstreamBlockInfo> BlockInfo;
  SmallVector<uint64_t, 16> Record;
  unsigned Depth = 0;
  while (!Stream.AtEndOfStream()) {
    Expected<BitstreamEntry> Entry = Stream.advance();
    if (!Entry) {
      consumeError(Entry.takeError());
      return Error::success();
    }
    switch (Entry->Kind) {
    case BitstreamEntry::Error:
      return Error::success();
    case BitstreamEntry::EndBlock:
      if (Depth-- == 0)
        return Error::success();
      continue;
    case BitstreamEntry::SubBlock: {
      bool Enter =
          Entry->ID == bitc::MODULE_BLOCK_ID || Entry->ID == bitc::PARAMATTR_GROUP_BLOCK_ID;
      if (Entry->ID == bitc::BLOCKINFO_BLOCK_ID) {
        Expected<std::optional<BitstreamBlockInfo>> Info = Stream.ReadBlockInfoBlock();
        if (!Info || !*Info) {
          if (!Info)
            consumeError(Info.takeError());
          return Error::success();
        }
        BlockInfo = std::move(**Info);
        Stream.setBlockInfo(&*BlockInfo);
        continue;
      }
      if (Error E = Enter ? Stream.EnterSubBlock(Entry->ID) : Stream.SkipBlock()) {
        consumeError(std::move(E));
        return Error::success();
      }
      Depth += Enter;
      continue;
    }
    case BitstreamEntry::Record: {
      Record.clear();
      Expected<unsigned> Code = Stream.readRecord(Entry->ID, Record);
      if (!Code) {
        consumeError(Code.takeError());
        return Error::success();
      }
      if (*Code == bitc::PARAMATTR_GRP_CODE_ENTRY && Record.size() >= 2 &&
          Record[1] != AttributeList::FunctionIndex && Record[1] > MaxAttributeIndex)
        return fileError(Path, "invalid or corrupted bitcode: attribute group for "
                               "parameter index " +
                                   Twine(Record[1]));
      continue;
    }
    }
  }
  return Error::success();
}

/// What to run to get each role's input: the newcomer's next step.
/// \p Source is the C file when it is the one given.
static std::string howToMake(InputRole Role, StringRef Source = "") {
  std::string Clang = "clang-" + std::to_string(LLVM_VERSION_MAJOR);
  if (Role == InputRole::Helpers) {
    SmallString<64> Bitcode(Source.empty() ? "helpers.c" : Source);
    sys::path::replace_extension(Bitcode, "bc");
    return "compile the C helpers to bitcode with '" + Clang + " -O2 -emit-llvm -c " +
           (Source.empty() ? "helpers.c" : Source.str()) + " -o " + Bitcode.str().str() + "'";
  }
  return "give the crate's bitcode from 'rustc --emit=llvm-bc', or let helperlink run "
         "rustc: 'helperlink rustc --helpers=H.bc -- rustc ... --emit=obj=OUT.o'";
}

/// A file that is neither bitcode nor IR, by its magic: what it is.
static std::optional<std::string> binaryKind(StringRef Buf) {
  switch (identify_magic(Buf)) {
  case file_magic::elf_relocatable:
    return std::string("an ELF object file");
  case file_magic::elf_executable:
    return std::string("an ELF executable");
  case file_magic::elf_shared_object:
    return std::string("an ELF shared library");
  case file_magic::archive:
    return std::string("an archive (a static library or an rlib)");
  case file_magic::macho_object:
  case file_magic::macho_executable:
  case file_magic::macho_dynamically_linked_shared_lib:
    return std::string("a Mach-O file");
  case file_magic::coff_object:
  case file_magic::pecoff_executable:
    return std::string("a COFF/PE file");
  case file_magic::wasm_object:
    return std::string("a WebAssembly object");
  default:
    return std::nullopt;
  }
}

/// Source code given where bitcode or IR was expected.
static std::optional<std::string> sourceKind(StringRef Path, StringRef Text) {
  StringRef Ext = sys::path::extension(Path);
  if (is_contained({".c", ".h", ".i", ".cc", ".cpp"}, Ext))
    return std::string("C source");
  if (Ext == ".rs")
    return std::string("Rust source");
  // No extension to go by: how a C file starts, and IR never does (its
  // comments start with ';').
  StringRef First = Text.ltrim().split('\n').first;
  StringRef Word = First.take_while([](char C) { return isAlnum(C) || C == '_'; });
  if (First.starts_with("#") || First.starts_with("//") || First.starts_with("/*") ||
      is_contained({"static", "struct", "int", "void", "typedef", "extern", "unsigned", "const",
                    "enum", "union", "char", "long", "inline"},
                   Word))
    return std::string("C source");
  return std::nullopt;
}

/// The clang major named by a textual module's llvm.ident ("Debian clang
/// version 14.0.6"); Apple's clang numbers its releases differently.
static std::optional<unsigned> identClangMajor(StringRef Text, std::string &Ident) {
  static constexpr StringLiteral Marker = "clang version ";
  for (size_t At = Text.find(Marker); At != StringRef::npos; At = Text.find(Marker, At + 1)) {
    size_t LineStart = Text.rfind('\n', At);
    LineStart = LineStart == StringRef::npos ? 0 : LineStart + 1;
    StringRef Line = Text.slice(LineStart, Text.find('\n', At));
    if (!Line.starts_with("!") || Line.contains("Apple clang"))
      continue;
    StringRef Digits =
        Text.substr(At + Marker.size()).take_while([](char C) { return isDigit(C); });
    unsigned Major;
    if (Digits.empty() || Digits.getAsInteger(10, Major))
      continue;
    Ident = Line.split('"').second.split('"').first.str();
    return Major;
  }
  return std::nullopt;
}

MadeBy madeBy(const Module &M, StringRef Producer) {
  if (Producer.contains("-rust-"))
    return {"rustc", "producer '" + Producer.str() + "'"};
  if (NamedMDNode *Ident = M.getNamedMetadata("llvm.ident"))
    for (const MDNode *N : Ident->operands())
      if (N->getNumOperands() > 0)
        if (auto *S = dyn_cast<MDString>(N->getOperand(0))) {
          StringRef Id = S->getString();
          if (Id.starts_with("rustc version"))
            return {"rustc", "llvm.ident '" + Id.str() + "'"};
          if (Id.contains("clang version"))
            return {"clang", "llvm.ident '" + Id.str() + "'"};
        }
  return {};
}

/// One codegen unit of a crate rustc split into several: the object would
/// lack the other units' functions.
static Error checkCodegenUnit(StringRef Path, InputRole Role) {
  if (Role != InputRole::Crate || !Path.ends_with(".rcgu.bc"))
    return Error::success();
  return fileError(Path, "is one codegen unit of a crate rustc split into several "
                         "(*.rcgu.bc); the object would lack the other units' "
                         "functions: build the crate's bitcode with "
                         "-C codegen-units=1, or let helperlink run rustc: "
                         "'helperlink rustc --helpers=H.bc -- rustc ... --emit=obj=OUT.o'");
}

static bool looksLikeText(StringRef Buf) {
  for (unsigned char C : Buf.take_front(4096))
    if (C == 0 || (C < 0x20 && C != '\n' && C != '\r' && C != '\t'))
      return false;
  return true;
}

static Error verifyInput(const InputFile &In) {
  std::string Msg;
  raw_string_ostream OS(Msg);
  if (!verifyModule(*In.M, &OS))
    return Error::success();
  StringRef First = StringRef(Msg).split('\n').first;
  return fileError(In.Path, "invalid module: " + First);
}

Expected<InputFile> readInput(StringRef Path, InputRole Role, LLVMContext &Ctx, bool Lazy) {
  sys::fs::file_status Status;
  if (std::error_code EC = sys::fs::status(Path, Status))
    return fileError(Path, "cannot open: " + EC.message());
  if (sys::fs::is_directory(Status))
    return fileError(Path, "is a directory, not a bitcode or IR file");

  auto BufOrErr = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/true);
  if (!BufOrErr)
    return fileError(Path, "cannot read: " + BufOrErr.getError().message());
  return readInputBuffer(std::move(*BufOrErr), Role, Ctx, Lazy);
}

Expected<InputFile> readInputBuffer(std::unique_ptr<MemoryBuffer> Buf, InputRole Role,
                                    LLVMContext &Ctx, bool Lazy) {
  // A copy: the buffer may be gone (moved into a module that failed) by the
  // time an error names it.
  const std::string Path = Buf->getBufferIdentifier().str();
  if (Buf->getBufferSize() == 0)
    return fileError(Path, "file is empty");

  if (Error E = checkCodegenUnit(Path, Role))
    return E;

  InputFile In;
  In.Path = Path;
  In.Role = Role;

  MemoryBufferRef Ref = Buf->getMemBufferRef();
  if (isBitcode(reinterpret_cast<const unsigned char *>(Ref.getBufferStart()),
                reinterpret_cast<const unsigned char *>(Ref.getBufferEnd()))) {
    In.Format = InputFormat::Bitcode;
    Expected<std::string> Producer = getBitcodeProducerString(Ref);
    if (!Producer)
      return badBitcode(Path, Producer.takeError());
    In.Producer = std::move(*Producer);
    std::optional<unsigned> Major = producerMajorVersion(In.Producer);
    if (In.Producer.empty())
      return fileError(Path, "invalid or truncated bitcode: no producer "
                             "record, so its LLVM version is unknown");
    if (!Major)
      return fileError(Path,
                       "bitcode producer '" + In.Producer + "' does not name an LLVM version");
    if (*Major != LLVM_VERSION_MAJOR)
      return fileError(Path, "made by LLVM " + Twine(*Major) + " (producer '" + In.Producer +
                                 "'), but helperlink uses LLVM " + Twine(LLVM_VERSION_MAJOR) +
                                 "; rebuild it with a compiler on LLVM " +
                                 Twine(LLVM_VERSION_MAJOR));

    if (Error E = checkAttributeGroupIndices(Ref, Path))
      return E;
    Error Parsed = guardedParse(Path, [&]() -> Error {
      Expected<std::unique_ptr<Module>> M =
          Lazy ? getOwningLazyBitcodeModule(std::move(Buf), Ctx,
                                            /*ShouldLazyLoadMetadata=*/false)
               : parseBitcodeFile(Ref, Ctx);
      if (!M)
        return badBitcode(Path, M.takeError());
      In.M = std::move(*M);
      // A lazy module has only read its symbol table so far; read the rest
      // now for the crate, whose every function is inspected anyway.
      if (Role == InputRole::Crate || !Lazy) {
        if (Error E = In.M->materializeAll())
          return badBitcode(Path, std::move(E));
        // Guarded too: the verifier can crash on what a corrupted file decodes to.
        return verifyInput(In);
      }
      return Error::success();
    });
    if (Parsed)
      return Parsed;
    return In;
  }

  if (std::optional<std::string> Kind = binaryKind(Ref.getBuffer()))
    return fileError(Path, "is " + *Kind + ", not LLVM bitcode: " + howToMake(Role));
  if (!looksLikeText(Ref.getBuffer()))
    return fileError(Path, "not LLVM bitcode or textual IR: " + howToMake(Role));
  if (std::optional<std::string> Kind = sourceKind(Path, Ref.getBuffer())) {
    bool IsC = *Kind == "C source";
    return fileError(Path, "is " + *Kind + ", not LLVM bitcode or IR: " +
                               howToMake(IsC ? InputRole::Helpers : InputRole::Crate, Path) +
                               (IsC && Role == InputRole::Crate
                                    ? ", and give it with --helpers (CRATE is the Rust side)"
                                    : "") +
                               (!IsC && Role == InputRole::Helpers
                                    ? ", and give it as CRATE (--helpers is the C side)"
                                    : ""));
  }
  // Textual IR has no producer record, but clang's llvm.ident names its major.
  std::string Ident;
  if (std::optional<unsigned> Major = identClangMajor(Ref.getBuffer(), Ident);
      Major && *Major != LLVM_VERSION_MAJOR)
    return fileError(Path, "textual IR made by clang " + Twine(*Major) + " (llvm.ident '" + Ident +
                               "'), but helperlink uses LLVM " + Twine(LLVM_VERSION_MAJOR) +
                               "; rebuild it with clang-" + Twine(LLVM_VERSION_MAJOR) +
                               " -emit-llvm");

  In.Format = InputFormat::TextualIR;
  SMDiagnostic Diag;
  In.M = parseAssembly(Ref, Diag, Ctx);
  if (!In.M) {
    std::string Msg;
    raw_string_ostream OS(Msg);
    OS << "invalid IR at line " << Diag.getLineNo() << ":" << Diag.getColumnNo() + 1 << ": "
       << Diag.getMessage();
    return fileError(Path, Msg);
  }
  if (Error E = verifyInput(In))
    return E;
  return In;
}

std::optional<unsigned> majorOf(StringRef Version) {
  unsigned Major;
  StringRef Digits = Version.take_while([](char C) { return isDigit(C); });
  if (Digits.empty() || Digits.getAsInteger(10, Major))
    return std::nullopt;
  return Major;
}

std::optional<unsigned> producerMajorVersion(StringRef Producer) {
  if (!Producer.consume_front("LLVM"))
    return std::nullopt;
  return majorOf(Producer);
}

Expected<std::set<std::string>> readExportedSymbols(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createFileError(Path,
                           createStringError(Buf.getError(), "cannot read exported symbols: " +
                                                                 Buf.getError().message()));
  std::set<std::string> Names;
  SmallVector<StringRef, 0> Lines;
  (*Buf)->getBuffer().split(Lines, '\n');
  for (StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.empty() || Line.starts_with("#"))
      continue;
    SmallVector<StringRef, 5> Fields;
    Line.split(Fields, '\t');
    // Module.symvers: CRC, symbol, module, export kind[, namespace].
    if (Fields.size() >= 3 && Fields[0].starts_with("0x"))
      Names.insert(Fields[1].trim().str());
    else
      Names.insert(Line.split(' ').first.str());
  }
  return Names;
}

} // namespace helperlink
