//===- Output.cpp - Atomic output files -----------------------------------===//

#include "helperlink/Output.h"

#include "helperlink/Diagnostics.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace helperlink {

Error OutputSet::add(StringRef Path, Writer Write) {
  Pending P;
  P.Path = Path.str();
  if (Path == "-") {
    raw_svector_ostream OS(P.Stdout);
    if (Error E = Write(OS))
      return E;
    Files.push_back(std::move(P));
    return Error::success();
  }

  // A device or FIFO (-o /dev/null) is written in place: renaming a file
  // over it would replace the device.
  sys::fs::file_status Status;
  if (!sys::fs::status(Path, Status) && sys::fs::exists(Status) &&
      !sys::fs::is_regular_file(Status) && !sys::fs::is_directory(Status)) {
    SmallString<0> Buffer;
    raw_svector_ostream OS(Buffer);
    if (Error E = Write(OS))
      return E;
    P.Stdout = std::move(Buffer);
    P.InPlace = true;
    Files.push_back(std::move(P));
    return Error::success();
  }

  Expected<sys::fs::TempFile> Temp = sys::fs::TempFile::create(Path + ".tmp-%%%%%%%%");
  if (!Temp)
    return fileError(Path, "cannot create output: " + toString(Temp.takeError()));
  std::string IOError;
  // The stream is gone before discard() closes the descriptor under it.
  Error WriteError = [&] {
    raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
    Error E = Write(OS);
    OS.flush();
    if (OS.has_error()) {
      IOError = OS.error().message();
      OS.clear_error();
    }
    return E;
  }();
  if (WriteError || !IOError.empty()) {
    consumeError(Temp->discard());
    if (WriteError)
      return WriteError;
    return fileError(Path, "cannot write output: " + IOError);
  }
  P.Temp.emplace(std::move(*Temp));
  Files.push_back(std::move(P));
  return Error::success();
}

Error OutputSet::commit() {
  for (Pending &P : Files) {
    if (P.InPlace) {
      std::error_code EC;
      raw_fd_ostream OS(P.Path, EC);
      if (!EC) {
        OS << P.Stdout;
        OS.close();
        EC = OS.error();
        OS.clear_error();
      }
      if (EC)
        return fileError(P.Path, "cannot write output: " + EC.message());
      continue;
    }
    if (!P.Temp) {
      outs() << P.Stdout;
      outs().flush();
      continue;
    }
    Error E = P.Temp->keep(P.Path);
    P.Temp.reset();
    if (E)
      return fileError(P.Path, "cannot write output: " + toString(std::move(E)));
  }
  Files.clear();
  return Error::success();
}

OutputSet::~OutputSet() {
  for (Pending &P : Files)
    if (P.Temp)
      consumeError(P.Temp->discard());
}

Error writeAtomically(StringRef Path, OutputSet::Writer Write) {
  OutputSet Out;
  if (Error E = Out.add(Path, Write))
    return E;
  return Out.commit();
}

/// \p Path as a make rule names it: blanks, '#', ':' and '$' quoted.
static std::string makePath(StringRef Path) {
  std::string S;
  for (char C : Path) {
    if (C == ' ' || C == '\t' || C == '#' || C == ':')
      S += '\\';
    else if (C == '$')
      S += '$';
    S += C;
  }
  return S;
}

/// Whether \p Line is a rule with prerequisites ("out.o: src/lib.rs"), as
/// rustc writes one per output; its sources' rules have none.
static bool hasPrerequisites(StringRef Line) {
  for (size_t I = 0; I < Line.size(); ++I) {
    if (Line[I] == '\\')
      ++I;
    else if (Line[I] == ':' && I + 1 < Line.size() && Line[I + 1] == ' ')
      return !Line.drop_front(I + 1).trim().empty();
  }
  return false;
}

Error addDepInfoPrerequisites(StringRef DepInfoPath, ArrayRef<std::string> Files) {
  if (Files.empty())
    return Error::success();
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(DepInfoPath, /*IsText=*/true);
  if (!Buf)
    return fileError(DepInfoPath, "cannot read the dep-info: " + Buf.getError().message());
  StringRef Text = (*Buf)->getBuffer();
  std::string Added;
  for (const std::string &F : Files)
    Added += " " + makePath(F);
  // Appended to each output's own rule rather than in a rule of their own:
  // Kbuild's fixdep takes the first prerequisite of every rule for the
  // source file and drops it.
  SmallVector<StringRef, 16> Lines;
  Text.split(Lines, '\n');
  bool Any = llvm::any_of(Lines, hasPrerequisites);
  if (!Any)
    return fileError(DepInfoPath, "the dep-info has no rule to add prerequisites to");
  return writeAtomically(DepInfoPath, [&](raw_pwrite_stream &OS) {
    for (size_t I = 0; I < Lines.size(); ++I) {
      if (I + 1 == Lines.size() && Lines[I].empty())
        break; // the text's final newline
      OS << Lines[I] << (hasPrerequisites(Lines[I]) ? Added : "") << "\n";
    }
    OS << "\n";
    for (const std::string &F : Files)
      OS << makePath(F) << ":\n";
    return Error::success();
  });
}

} // namespace helperlink
