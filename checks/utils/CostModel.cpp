//===-- CostModel.cpp - is this code CPU-heavy? ---------------------------===//

#include "CostModel.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>

namespace clang::tidy::conclint::utils {

namespace {

// Sorting, whole-range numeric algorithms, regular expressions, and the
// compression and hashing entry points of the common C libraries.
constexpr llvm::StringLiteral DefaultHeavy =
    "::std::sort;::std::stable_sort;::std::partial_sort;::std::nth_element;"
    "::std::accumulate;::std::reduce;::std::transform_reduce;::std::transform;"
    "::std::inner_product;::std::partial_sum;::std::inclusive_scan;"
    "::std::exclusive_scan;"
    "::std::ranges::sort;::std::ranges::stable_sort;::std::ranges::partial_sort;"
    "::std::ranges::nth_element;::std::ranges::transform;"
    "::std::regex_*;"
    "::compress;::compress2;::compressBound;::deflate;::inflate;::uncompress;"
    "::ZSTD_compress;::ZSTD_compress2;::ZSTD_compressCCtx;::ZSTD_decompress;"
    "::ZSTD_decompressDCtx;::LZ4_compress_default;::LZ4_compress_HC;"
    "::LZ4_decompress_safe;::BZ2_bzBuffToBuffCompress;"
    "::BZ2_bzBuffToBuffDecompress;::lzma_code;::snappy::Compress;"
    "::snappy::Uncompress;"
    "::SHA1;::SHA224;::SHA256;::SHA384;::SHA512;::MD5;::SHA1_Update;"
    "::SHA256_Update;::SHA512_Update;::MD5_Update;::EVP_Digest;"
    "::EVP_DigestUpdate;::EVP_EncryptUpdate;::EVP_DecryptUpdate;"
    "::PKCS5_PBKDF2_HMAC;::EVP_PBE_scrypt;::crc32;::adler32;::XXH32;::XXH64;"
    "::XXH3_64bits;::XXH3_128bits;::blake3_hasher_update;::crypto_pwhash";

// Suspending, blocking and I/O calls: a loop that makes them waits rather
// than computes.
constexpr llvm::StringLiteral DefaultNonCpu =
    "::std::this_thread::sleep_for;::std::this_thread::sleep_until;"
    "::std::this_thread::yield;::sleep;::usleep;::nanosleep;::clock_nanosleep;"
    "::std::thread::join;::std::jthread::join;::std::future::get;"
    "::std::future::wait;::std::future::wait_for;::std::future::wait_until;"
    "::std::shared_future::get;::std::shared_future::wait;"
    "::std::condition_variable::wait*;::std::condition_variable_any::wait*;"
    "::std::mutex::lock;::std::timed_mutex::lock;::std::recursive_mutex::lock;"
    "::std::shared_mutex::lock;::std::shared_mutex::lock_shared;"
    "::std::lock_guard::lock_guard;::std::unique_lock::unique_lock;"
    "::std::scoped_lock::scoped_lock;::std::shared_lock::shared_lock;"
    "::std::counting_semaphore::acquire;::std::latch::wait;"
    "::std::barrier::arrive_and_wait;"
    "::read;::write;::pread;::pwrite;::readv;::writev;::recv;::recvfrom;"
    "::recvmsg;::send;::sendto;::sendmsg;::accept;::accept4;::connect;::poll;"
    "::select;::epoll_wait;::open;::close;::fopen;::fclose;::fread;::fwrite;"
    "::fgets;::fputs;::fputc;::fprintf;::printf;::puts;::putchar;::getchar;"
    "::scanf;::fscanf;::fflush;::fsync;::system;::popen;::pclose;::std::getline;"
    "::asio::read;::asio::write;::asio::read_until;::asio::connect;"
    "::asio::post;::asio::dispatch;::asio::defer;::asio::co_spawn;"
    "read_some;write_some;receive;receive_from;send_to;async_*";

bool inSystemHeader(const Decl *D, const ASTContext &Ctx) {
  return Ctx.getSourceManager().isInSystemHeader(D->getLocation());
}

bool isCoroutineFunction(const FunctionDecl *FD) {
  return FD && FD->getBody() && isa<CoroutineBodyStmt>(FD->getBody());
}

std::optional<int64_t> evalInt(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  const llvm::APSInt &V = R.Val.getInt();
  if (V.getSignificantBits() > 63)
    return std::nullopt;
  return V.getExtValue();
}

const VarDecl *varOf(const Expr *E) {
  if (!E)
    return nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

/// The number of elements of a type known at compile time: built-in arrays
/// and std::array.
std::optional<uint64_t> constantSizeOfType(QualType T, const ASTContext &Ctx) {
  T = T.getNonReferenceType().getCanonicalType();
  if (const auto *CAT = Ctx.getAsConstantArrayType(T))
    return CAT->getSize().getZExtValue();
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T->getAsCXXRecordDecl()))
    if (Spec->getName() == "array" && Spec->isInStdNamespace() &&
        Spec->getTemplateArgs().size() == 2 &&
        Spec->getTemplateArgs()[1].getKind() == TemplateArgument::Integral)
      return Spec->getTemplateArgs()[1].getAsIntegral().getZExtValue();
  return std::nullopt;
}

/// A braced list used as a range ({1, 2, 3}).
const InitListExpr *bracedList(const Expr *E) {
  while (E) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *IL = dyn_cast<InitListExpr>(E))
      return IL;
    if (const auto *SIL = dyn_cast<CXXStdInitializerListExpr>(E)) {
      E = SIL->getSubExpr();
      continue;
    }
    if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = MT->getSubExpr();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

std::optional<uint64_t> forStmtTripCount(const ForStmt *F,
                                         const ASTContext &Ctx) {
  // Loop variable and start value.
  const VarDecl *Var = nullptr;
  std::optional<int64_t> Start;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(F->getInit())) {
    if (!DS->isSingleDecl())
      return std::nullopt;
    Var = dyn_cast<VarDecl>(DS->getSingleDecl());
    if (Var)
      Start = evalInt(Var->getInit(), Ctx);
  } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(F->getInit())) {
    if (BO->getOpcode() == BO_Assign) {
      Var = varOf(BO->getLHS());
      Start = evalInt(BO->getRHS(), Ctx);
    }
  }
  if (!Var || !Start || !Var->getType()->isIntegerType())
    return std::nullopt;

  // Condition: Var op Bound, or Bound op Var.
  const auto *Cond =
      dyn_cast_or_null<BinaryOperator>(F->getCond() ? F->getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Cond)
    return std::nullopt;
  BinaryOperatorKind Op = Cond->getOpcode();
  std::optional<int64_t> Bound;
  if (varOf(Cond->getLHS()) == Var) {
    Bound = evalInt(Cond->getRHS(), Ctx);
  } else if (varOf(Cond->getRHS()) == Var) {
    Bound = evalInt(Cond->getLHS(), Ctx);
    switch (Op) { // Bound op Var  ==  Var op' Bound
    case BO_LT: Op = BO_GT; break;
    case BO_GT: Op = BO_LT; break;
    case BO_LE: Op = BO_GE; break;
    case BO_GE: Op = BO_LE; break;
    default: break;
    }
  }
  if (!Bound)
    return std::nullopt;

  // Step.
  std::optional<int64_t> Step;
  const Expr *Inc = F->getInc() ? F->getInc()->IgnoreParenImpCasts() : nullptr;
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(Inc)) {
    if (varOf(UO->getSubExpr()) == Var)
      Step = UO->isIncrementOp() ? 1 : UO->isDecrementOp() ? -1 : 0;
  } else if (const auto *CA = dyn_cast_or_null<CompoundAssignOperator>(Inc)) {
    if (varOf(CA->getLHS()) == Var)
      if (auto C = evalInt(CA->getRHS(), Ctx)) {
        if (CA->getOpcode() == BO_AddAssign)
          Step = *C;
        else if (CA->getOpcode() == BO_SubAssign)
          Step = -*C;
      }
  } else if (const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(Inc)) {
    // Overloaded ++ on an enum or integer-like wrapper: give up.
    (void)OC;
  }
  if (!Step || *Step == 0)
    return std::nullopt;

  // Count the iterations in 128-bit arithmetic to stay clear of overflow.
  __int128 A = *Start, B = *Bound, S = *Step;
  __int128 Count = 0;
  switch (Op) {
  case BO_LT:
  case BO_LE: {
    if (S < 0)
      return std::nullopt; // runs until overflow: treat as unknown
    __int128 End = Op == BO_LE ? B + 1 : B;
    Count = End > A ? (End - A + S - 1) / S : 0;
    break;
  }
  case BO_GT:
  case BO_GE: {
    if (S > 0)
      return std::nullopt;
    __int128 End = Op == BO_GE ? B - 1 : B;
    Count = A > End ? (A - End + (-S) - 1) / (-S) : 0;
    break;
  }
  case BO_NE: {
    __int128 D = B - A;
    if (D % S != 0 || D / S < 0)
      return std::nullopt;
    Count = D / S;
    break;
  }
  default:
    return std::nullopt;
  }
  if (Count > static_cast<__int128>(UINT64_MAX / 2))
    return std::nullopt;
  return static_cast<uint64_t>(Count);
}

bool isStringStream(const CXXRecordDecl *RD) {
  llvm::StringRef N = RD->getName();
  return N.contains("stringstream") || N.contains("spanstream") ||
         N.contains("strstream");
}

/// `stream << x` / `stream >> x` on a stream that does I/O (not a string
/// stream).
bool isStreamIO(const CallExpr *Call) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
  if (!Op || (Op->getOperator() != OO_LessLess &&
              Op->getOperator() != OO_GreaterGreater) ||
      Op->getNumArgs() < 1)
    return false;
  // `os << a << b`: the stream is the leftmost operand of the chain.
  const Expr *Stream = Op->getArg(0)->IgnoreParenImpCasts();
  while (const auto *Inner = dyn_cast<CXXOperatorCallExpr>(Stream)) {
    if ((Inner->getOperator() != OO_LessLess &&
         Inner->getOperator() != OO_GreaterGreater) ||
        Inner->getNumArgs() < 1)
      break;
    Stream = Inner->getArg(0)->IgnoreParenImpCasts();
  }
  const CXXRecordDecl *RD =
      Stream->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || isStringStream(RD))
    return false;
  auto IsStream = [](const CXXRecordDecl *B) {
    return B->isInStdNamespace() &&
           (B->getName() == "basic_ostream" || B->getName() == "basic_istream" ||
            B->getName() == "basic_iostream");
  };
  if (IsStream(RD))
    return true;
  return !RD->forallBases(
      [&](const CXXRecordDecl *B) { return !IsStream(B); });
}

/// The declaration a call is made through: the function, or for a call of a
/// function object stored in a variable (std::ranges::sort), that variable.
const NamedDecl *calledEntity(const Expr *E) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    if (Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          if (VD->getType().getNonReferenceType()->getAsCXXRecordDecl() &&
              !VD->isLocalVarDeclOrParm())
            return VD;
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return Call->getDirectCallee();
  if (const auto *Cons = dyn_cast<CXXConstructExpr>(E))
    return Cons->getConstructor();
  return nullptr;
}

/// The function whose body runs for a call or construction, when it has one.
const FunctionDecl *calledFunction(const Expr *E) {
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return Call->getDirectCallee();
  if (const auto *Cons = dyn_cast<CXXConstructExpr>(E))
    return Cons->getConstructor();
  return nullptr;
}

/// The arguments as written (skipping the callee object of a call operator).
llvm::SmallVector<const Expr *, 4> writtenArgs(const Expr *E) {
  llvm::SmallVector<const Expr *, 4> Out;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    for (unsigned I = Op->getOperator() == OO_Call ? 1 : 0; I < Op->getNumArgs();
         ++I)
      Out.push_back(Op->getArg(I));
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    for (const Expr *A : Call->arguments())
      if (!isa<CXXDefaultArgExpr>(A))
        Out.push_back(A);
  }
  return Out;
}

/// For an algorithm call, the size of its first range when that range is a
/// constant-size array or std::array (sort(a.begin(), a.end()),
/// sort(std::begin(a), ...), ranges::sort(a), sort(a, a + N)).
std::optional<uint64_t> firstRangeConstantSize(const Expr *Call,
                                               const ASTContext &Ctx) {
  auto Args = writtenArgs(Call);
  for (const Expr *A : Args) {
    A = A->IgnoreParenImpCasts();
    // Skip an execution policy.
    if (const auto *RD = A->getType()->getAsCXXRecordDecl())
      if (RD->getName().ends_with("_policy"))
        continue;
    if (auto N = constantSizeOfType(A->getType(), Ctx))
      return N; // the range itself, or an array decaying to its begin
    const Expr *Obj = nullptr;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(A)) {
      if (const auto *MD = MC->getMethodDecl())
        if (MD->getName() == "begin" || MD->getName() == "cbegin" ||
            MD->getName() == "data")
          Obj = MC->getImplicitObjectArgument();
    } else if (const auto *C = dyn_cast<CallExpr>(A)) {
      if (const auto *FD = C->getDirectCallee())
        if (FD->isInStdNamespace() && C->getNumArgs() == 1 &&
            (FD->getName() == "begin" || FD->getName() == "cbegin" ||
             FD->getName() == "data"))
          Obj = C->getArg(0);
    }
    if (Obj)
      return constantSizeOfType(Obj->IgnoreParenImpCasts()->getType(), Ctx);
    return std::nullopt;
  }
  return std::nullopt;
}

} // namespace

//===----------------------------------------------------------------------===//
// Names and options
//===----------------------------------------------------------------------===//

CostOptions::CostOptions()
    : HeavyFunctions(splitOptionList(DefaultHeavy)),
      NonCpuFunctions(splitOptionList(DefaultNonCpu)) {}

llvm::StringRef CostOptions::defaultHeavyFunctions() { return DefaultHeavy; }
llvm::StringRef CostOptions::defaultNonCpuFunctions() { return DefaultNonCpu; }

CostOptions CostOptions::fromStrings(unsigned SmallTripCount,
                                     llvm::StringRef Heavy,
                                     llvm::StringRef NonCpu,
                                     unsigned CallDepth,
                                     bool LinearScansAreHeavy) {
  CostOptions O;
  O.SmallTripCount = SmallTripCount;
  O.CallDepth = CallDepth;
  O.LinearScansAreHeavy = LinearScansAreHeavy;
  auto Apply = [](llvm::StringRef S, std::vector<std::string> &L) {
    S = S.trim();
    if (S.empty())
      return;
    if (S.consume_front("+")) {
      for (std::string &N : splitOptionList(S))
        L.push_back(std::move(N));
      return;
    }
    L = splitOptionList(S);
  };
  Apply(Heavy, O.HeavyFunctions);
  Apply(NonCpu, O.NonCpuFunctions);
  return O;
}

CostCheckOptions
CostCheckOptions::read(const ClangTidyCheck &Check,
                       const ClangTidyCheck::OptionsView &Options) {
  return {Options.get("SmallTripCount", 64U),
          Options.get("HeavyFunctions", CostOptions::defaultHeavyFunctions())
              .str(),
          Options.get("NonCpuFunctions", CostOptions::defaultNonCpuFunctions())
              .str(),
          readCallDepth(Check, Options, {"CalleeDepth"}),
          Options.get("LinearScansAreHeavy", false)};
}

void CostCheckOptions::store(const ClangTidyCheck::OptionsView &Options,
                             ClangTidyOptions::OptionMap &Opts) const {
  Options.store(Opts, "SmallTripCount", SmallTripCount);
  Options.store(Opts, "HeavyFunctions", HeavyFunctions);
  Options.store(Opts, "NonCpuFunctions", NonCpuFunctions);
  Options.store(Opts, CallDepthOption, callDepthText(CallDepth));
  Options.store(Opts, "LinearScansAreHeavy", LinearScansAreHeavy);
}

//===----------------------------------------------------------------------===//
// Evidence
//===----------------------------------------------------------------------===//

const Stmt *CostEvidence::site() const {
  return Chain.empty() ? Root : Chain.front().Call;
}

const FunctionDecl *CostEvidence::chainCallee(unsigned I) const {
  if (I >= Chain.size())
    return nullptr;
  return Chain[I].Callee;
}

std::string CostEvidence::describeSite() const {
  if (!Chain.empty()) {
    const FunctionDecl *FD = chainCallee(0);
    std::string Name = FD ? FD->getNameAsString() : "function";
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD))
      if (MD->getParent()->isLambda())
        Name = "lambda";
    return "call to '" + Name + "'";
  }
  if (Kind == RootKind::HeavyCall)
    return "call to '" + HeavyName + "'";
  return "loop";
}

llvm::SmallVector<std::pair<SourceLocation, std::string>, 4>
evidenceNotes(const CostEvidence &Ev) {
  llvm::SmallVector<std::pair<SourceLocation, std::string>, 4> Notes;
  for (unsigned I = 0; I < Ev.Chain.size(); ++I) {
    const FunctionDecl *FD = Ev.chainCallee(I);
    std::string Name = FD ? FD->getNameAsString() : "function";
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD))
      if (MD->getParent()->isLambda())
        Name = "lambda";
    Notes.emplace_back(Ev.Chain[I].Call->getBeginLoc(),
                       "'" + Name + "' called here does CPU-bound work");
  }
  std::string Root;
  if (Ev.Kind == CostEvidence::RootKind::HeavyCall) {
    Root = "CPU-bound call to '" + Ev.HeavyName + "' here";
  } else if (Ev.TripCount) {
    Root = "CPU-bound loop of " + std::to_string(*Ev.TripCount) +
           " iterations here";
  } else {
    Root = "CPU-bound loop here; its trip count depends on data";
  }
  Notes.emplace_back(Ev.Root->getBeginLoc(), std::move(Root));
  return Notes;
}

//===----------------------------------------------------------------------===//
// Loops
//===----------------------------------------------------------------------===//

bool CostModel::isLoop(const Stmt *S) {
  return S && (isa<ForStmt>(S) || isa<CXXForRangeStmt>(S) ||
               isa<WhileStmt>(S) || isa<DoStmt>(S));
}

std::optional<uint64_t> CostModel::constantTripCount(const Stmt *Loop,
                                                     ASTContext &Ctx) {
  if (const auto *F = dyn_cast<ForStmt>(Loop))
    return forStmtTripCount(F, Ctx);
  if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop)) {
    const Expr *Init = R->getRangeInit();
    if (!Init)
      return std::nullopt;
    if (const InitListExpr *IL = bracedList(Init))
      return IL->getNumInits();
    return constantSizeOfType(Init->getType(), Ctx);
  }
  if (const auto *D = dyn_cast<DoStmt>(Loop)) {
    if (auto C = evalInt(D->getCond(), Ctx); C && *C == 0)
      return 1;
    return std::nullopt;
  }
  if (const auto *W = dyn_cast<WhileStmt>(Loop)) {
    if (auto C = evalInt(W->getCond(), Ctx); C && *C == 0)
      return 0;
    return std::nullopt;
  }
  return std::nullopt;
}

namespace {
/// Loops directly nested in \p S (not inside lambdas, not inside the nested
/// loops themselves).
void collectInnerLoops(const Stmt *S, llvm::SmallVectorImpl<const Stmt *> &Out) {
  for (const Stmt *Child : S->children()) {
    if (!Child || isa<LambdaExpr>(Child))
      continue;
    if (CostModel::isLoop(Child)) {
      Out.push_back(Child);
      continue;
    }
    collectInnerLoops(Child, Out);
  }
}

const Stmt *loopBody(const Stmt *Loop) {
  if (const auto *F = dyn_cast<ForStmt>(Loop))
    return F->getBody();
  if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop))
    return R->getBody();
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    return W->getBody();
  if (const auto *D = dyn_cast<DoStmt>(Loop))
    return D->getBody();
  return nullptr;
}
llvm::StringRef identName(const NamedDecl *D) {
  return D && D->getIdentifier() ? D->getName() : llvm::StringRef();
}

bool isSizeOrEnd(llvm::StringRef Name) {
  return Name == "size" || Name == "ssize" || Name == "length" ||
         Name == "end" || Name == "cend";
}

/// The container whose size or end bounds a loop: X in `X.size()`,
/// `X.end()`, `std::size(X)`, `std::end(X)`; null otherwise.
const Expr *containerOfBound(const Expr *E) {
  while (E) {
    E = E->IgnoreImplicit()->IgnoreParens();
    // iterator -> const_iterator conversions
    if (const auto *Cons = dyn_cast<CXXConstructExpr>(E)) {
      if (Cons->getNumArgs() != 1)
        return nullptr;
      E = Cons->getArg(0);
      continue;
    }
    break;
  }
  if (!E)
    return nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return isSizeOrEnd(identName(MC->getMethodDecl()))
               ? MC->getImplicitObjectArgument()
               : nullptr;
  if (const auto *C = dyn_cast<CallExpr>(E))
    if (const auto *FD = C->getDirectCallee())
      if (FD->isInStdNamespace() && C->getNumArgs() == 1 &&
          isSizeOrEnd(identName(FD)))
        return C->getArg(0);
  return nullptr;
}

/// The variable or member an object expression names (`q`, `this->q_`).
const ValueDecl *objectDecl(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl();
  return nullptr;
}

/// The container a `while` condition tests: X in `X.size() > k`, `k <
/// X.size()` or `!X.empty()`; null otherwise.
const Expr *drainedContainer(const Expr *Cond);

/// Whether \p S removes an element from the container named \p D
/// (pop_front, pop_back, pop, erase).
bool removesFrom(const Stmt *S, const ValueDecl *D) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    llvm::StringRef N = identName(MC->getMethodDecl());
    if ((N == "pop_front" || N == "pop_back" || N == "pop" || N == "erase") &&
        objectDecl(MC->getImplicitObjectArgument()) == D)
      return true;
  }
  for (const Stmt *C : S->children())
    if (removesFrom(C, D))
      return true;
  return false;
}

/// The operands of a comparison (built-in, overloaded or rewritten).
llvm::SmallVector<const Expr *, 2> comparisonOperands(const Expr *Cond) {
  llvm::SmallVector<const Expr *, 2> Out;
  if (!Cond)
    return Out;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond)) {
    if (BO->isComparisonOp())
      Out = {BO->getLHS(), BO->getRHS()};
  } else if (const auto *RW = dyn_cast<CXXRewrittenBinaryOperator>(Cond)) {
    Out = {RW->getLHS(), RW->getRHS()};
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Cond)) {
    if (OC->isComparisonOp() && OC->getNumArgs() == 2)
      Out = {OC->getArg(0), OC->getArg(1)};
  }
  return Out;
}

const Expr *drainedContainer(const Expr *Cond) {
  if (!Cond)
    return nullptr;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(Cond)) {
    if (UO->getOpcode() != UO_LNot)
      return nullptr;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(
            UO->getSubExpr()->IgnoreParenImpCasts()))
      if (identName(MC->getMethodDecl()) == "empty")
        return MC->getImplicitObjectArgument();
    return nullptr;
  }
  for (const Expr *Op : comparisonOperands(Cond))
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Op->IgnoreParenImpCasts()))
      if (identName(MC->getMethodDecl()) == "size")
        return MC->getImplicitObjectArgument();
  return nullptr;
}

/// The element type of a container expression: an array's element type or
/// the class's value_type; null when unknown.
QualType elementTypeOf(const Expr *Container, ASTContext &Ctx) {
  QualType T = Container->getType().getNonReferenceType().getCanonicalType();
  if (T->isDependentType())
    return {};
  if (const ArrayType *AT = Ctx.getAsArrayType(T))
    return AT->getElementType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return {};
  for (const NamedDecl *ND : RD->lookup(&Ctx.Idents.get("value_type")))
    if (const auto *TD = dyn_cast<TypedefNameDecl>(ND))
      return TD->getUnderlyingType();
  return {};
}

/// Elements that are data (bytes, numbers, enumerators), which come in
/// large quantities, as opposed to objects (class types, pointers), which a
/// program keeps for bookkeeping. Unknown or dependent types count as data.
bool isDataElement(QualType T) {
  if (T.isNull())
    return true;
  T = T.getNonReferenceType().getCanonicalType();
  if (T->isDependentType())
    return true;
  return T->isArithmeticType() || T->isEnumeralType();
}

} // namespace

std::optional<uint64_t> CostModel::nestTripCount(const Stmt *Loop,
                                                 ASTContext &Ctx) {
  std::optional<uint64_t> Own = constantTripCount(Loop, Ctx);
  if (!Own)
    return std::nullopt;
  llvm::SmallVector<const Stmt *, 4> Inner;
  if (const Stmt *Body = loopBody(Loop)) {
    if (isLoop(Body))
      Inner.push_back(Body);
    else
      collectInnerLoops(Body, Inner);
  }
  uint64_t Max = 1;
  for (const Stmt *L : Inner) {
    std::optional<uint64_t> N = nestTripCount(L, Ctx);
    if (!N)
      return std::nullopt;
    Max = std::max(Max, *N);
  }
  if (*Own != 0 && Max > UINT64_MAX / 4 / *Own)
    return UINT64_MAX / 4;
  return *Own * Max;
}

//===----------------------------------------------------------------------===//
// The model
//===----------------------------------------------------------------------===//

namespace {
/// A callee whose body the cost families follow: defined here, outside
/// system headers, not a coroutine (calling one only creates it).
const FunctionDecl *heavyCallee(const Expr *E, const ASTContext &Ctx) {
  const FunctionDecl *Def = definitionOf(calledFunction(E));
  if (!Def || inSystemHeader(Def, Ctx) || isCoroutineFunction(Def))
    return nullptr;
  return Def;
}
/// A callee whose body the non-CPU family follows (coroutines included).
const FunctionDecl *nonCpuCallee(const Expr *E, const ASTContext &Ctx) {
  const FunctionDecl *Def = definitionOf(calledFunction(E));
  if (!Def || inSystemHeader(Def, Ctx))
    return nullptr;
  return Def;
}
} // namespace

namespace {
/// A call on a standard atomic (std::atomic, atomic_ref, atomic_flag and
/// their implementation bases).
bool isAtomicCall(const Stmt *S) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
  if (!MC)
    return false;
  const CXXMethodDecl *MD = MC->getMethodDecl();
  return MD && MD->getParent()->isInStdNamespace() &&
         MD->getParent()->getName().contains("atomic");
}

bool holdsAtomicCall(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isAtomicCall(S))
    return true;
  for (const Stmt *C : S->children())
    if (holdsAtomicCall(C))
      return true;
  return false;
}

/// A compare-and-swap retry loop (`do { ... } while
/// (!a.compare_exchange_weak(...))`) or a spin-wait on an atomic (`while
/// (!ready.load())`): its condition reads an atomic that another thread
/// changes. Such a loop runs O(1) times amortised, or waits; it is not a
/// data-dependent computation.
bool isAtomicRetryOrSpin(const Stmt *Loop) {
  const Expr *Cond = nullptr;
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    Cond = W->getCond();
  else if (const auto *D = dyn_cast<DoStmt>(Loop))
    Cond = D->getCond();
  else if (const auto *F = dyn_cast<ForStmt>(Loop))
    Cond = F->getCond();
  return holdsAtomicCall(Cond);
}

/// The children of \p S that the code evaluates as written: for a co_await
/// or co_yield only its operand (the awaiter's await_ready / await_suspend /
/// await_resume are scheduling machinery, never the coroutine's own work);
/// for co_return only its operand (not the promise's return_value).
llvm::SmallVector<const Stmt *, 4> evaluatedChildren(const Stmt *S) {
  if (const auto *CS = dyn_cast<CoroutineSuspendExpr>(S))
    return {CS->getOperand()};
  if (const auto *DA = dyn_cast<DependentCoawaitExpr>(S))
    return {DA->getOperand()};
  if (const auto *CR = dyn_cast<CoreturnStmt>(S))
    return {CR->getOperand()};
  llvm::SmallVector<const Stmt *, 4> Out(S->child_begin(), S->child_end());
  return Out;
}
} // namespace

CostModel::CostModel(CostOptions O)
    : Opts(std::move(O)), HeavyNames(Opts.HeavyFunctions),
      NonCpuNames(Opts.NonCpuFunctions),
      NonCpu([this](const FunctionDecl *D) { return nonCpuSites(D); }),
      StrictHeavy([this](const FunctionDecl *D) { return heavySites(D, true); }),
      Heavy([this](const FunctionDecl *D) { return heavySites(D, false); }) {}

void CostModel::reset(ASTContext &Ctx) {
  if (&Ctx == MemoCtx)
    return;
  NonCpu.clear();
  StrictHeavy.clear();
  Heavy.clear();
  FunctionMemo.clear();
  MemoCtx = &Ctx;
}

std::optional<std::string> CostModel::heavyCallName(const Expr *Call,
                                                    ASTContext &Ctx) {
  const NamedDecl *Entity = calledEntity(Call);
  if (!Entity)
    return std::nullopt;
  if (!HeavyNames.contains(Entity))
    return std::nullopt;
  std::string Name = llvm::StringRef(qualifiedName(Entity)).drop_front(2).str();
  // Standard algorithms over a small constant-size array are cheap.
  if (llvm::StringRef(Name).starts_with("std::") &&
      !llvm::StringRef(Name).contains("regex"))
    if (auto N = firstRangeConstantSize(Call, Ctx); N && *N <= Opts.SmallTripCount)
      return std::nullopt;
  return Name;
}

namespace {
/// The local witness of the non-CPU family at \p S itself (not its
/// children): a suspension, a NonCpuFunctions call, stream I/O.
bool nonCpuHere(const Stmt *S, const NameSet &NonCpuNames) {
  if (isa<CoawaitExpr>(S) || isa<DependentCoawaitExpr>(S) ||
      isa<CoyieldExpr>(S))
    return true;
  if (const auto *E = dyn_cast<Expr>(S))
    if (const FunctionDecl *FD = calledFunction(E)) {
      if (NonCpuNames.contains(FD))
        return true;
      if (const auto *Call = dyn_cast<CallExpr>(E); Call && isStreamIO(Call))
        return true;
    }
  return false;
}

void collectNonCpuSites(const Stmt *S, const NameSet &Names,
                        const ASTContext &Ctx,
                        llvm::SmallVectorImpl<Site> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (!Out.empty() && Out.back().Root)
    return; // stop after the first local witness
  if (nonCpuHere(S, Names)) {
    Out.push_back(Site::root(S));
    return;
  }
  if (const auto *E = dyn_cast<Expr>(S))
    if (const FunctionDecl *Def = nonCpuCallee(E, Ctx))
      Out.push_back(Site::call(E, Def));
  for (const Stmt *Child : S->children())
    collectNonCpuSites(Child, Names, Ctx, Out);
}
} // namespace

llvm::SmallVector<Site, 8> CostModel::nonCpuSites(const FunctionDecl *Def) {
  llvm::SmallVector<Site, 8> Out;
  collectNonCpuSites(Def->getBody(), NonCpuNames, Def->getASTContext(), Out);
  return Out;
}

bool CostModel::nonCpuAt(const Stmt *S, ASTContext &Ctx, unsigned Budget) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (nonCpuHere(S, NonCpuNames))
    return true;
  if (Budget > 0)
    if (const auto *E = dyn_cast<Expr>(S))
      if (const FunctionDecl *Def = nonCpuCallee(E, Ctx))
        if (NonCpu.holdsWithin(Def, Budget - 1))
          return true;
  for (const Stmt *Child : S->children())
    if (nonCpuAt(Child, Ctx, Budget))
      return true;
  return false;
}

bool CostModel::suspendsBlocksOrDoesIO(const Stmt *S, ASTContext &Ctx) {
  reset(Ctx);
  return nonCpuAt(S, Ctx, Opts.CallDepth);
}

CostEvidence CostModel::chainEvidence(const Expr *Call,
                                      const FunctionDecl *Callee, bool Strict,
                                      ASTContext &Ctx) {
  CallChain C = heavyTable(Strict).chainFrom(Callee);
  CostEvidence Ev;
  Ev.Chain.push_back({Call, Callee});
  Ev.Chain.append(C.Steps.begin(), C.Steps.end());
  Ev.Root = C.Root;
  if (isLoop(C.Root)) {
    Ev.Kind = CostEvidence::RootKind::Loop;
    if (constantTripCount(C.Root, Ctx))
      Ev.TripCount = nestTripCount(C.Root, Ctx);
  } else {
    Ev.Kind = CostEvidence::RootKind::HeavyCall;
    if (auto Name = heavyCallName(cast<Expr>(C.Root), Ctx))
      Ev.HeavyName = std::move(*Name);
  }
  return Ev;
}

bool CostModel::linearScanAt(const Stmt *Loop, ASTContext &Ctx,
                             unsigned Budget) {
  QualType Element;
  const Stmt *Body = nullptr;
  if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop)) {
    if (!R->getLoopVariable())
      return false;
    Element = R->getLoopVariable()->getType();
    Body = R->getBody();
  } else if (const auto *F = dyn_cast<ForStmt>(Loop)) {
    if (!F->getInc())
      return false;
    for (const Expr *Op : comparisonOperands(F->getCond()))
      if (const Expr *Container = containerOfBound(Op)) {
        Element = elementTypeOf(Container, Ctx);
        break;
      }
    if (Element.isNull())
      return false;
    Body = F->getBody();
  } else if (const auto *W = dyn_cast<WhileStmt>(Loop)) {
    // A drain: `while (q.size() > limit) q.pop_front();` removes an element
    // per iteration, so it ends within one pass over the container.
    const Expr *Container = drainedContainer(W->getCond());
    const ValueDecl *D = objectDecl(Container);
    if (!D || !removesFrom(W->getBody(), D))
      return false;
    Element = elementTypeOf(Container, Ctx);
    if (Element.isNull())
      return false;
    Body = W->getBody();
  } else {
    return false; // do loops are not scans over a container
  }
  if (!Body || isDataElement(Element) || isLoop(Body))
    return false;
  llvm::SmallVector<const Stmt *, 2> Inner;
  collectInnerLoops(Body, Inner);
  if (!Inner.empty())
    return false;
  // Constant work per element: nothing heavy in the body, even counting the
  // scans in the functions it calls as heavy.
  return !heavyIn(Body, Ctx, Budget, {}, nullptr, /*Strict=*/true);
}

bool CostModel::isLinearScan(const Stmt *Loop, ASTContext &Ctx) {
  reset(Ctx);
  if (!isLoop(Loop) || constantTripCount(Loop, Ctx))
    return false;
  return linearScanAt(Loop, Ctx, Opts.CallDepth);
}

const CostEvidence *CostModel::heavyFunction(const FunctionDecl *FD,
                                             ASTContext &Ctx) {
  reset(Ctx);
  const FunctionDecl *Def = definitionOf(FD);
  if (!Def || inSystemHeader(Def, Ctx) || isCoroutineFunction(Def))
    return nullptr;
  auto [It, New] = FunctionMemo.try_emplace(Def);
  if (New) {
    const FactSummary &S = Heavy.get(Def);
    if (S.Holds && (Opts.CallDepth == UnlimitedCallDepth ||
                    S.Depth <= Opts.CallDepth)) {
      CostEvidence Ev = chainEvidence(nullptr, Def, false, Ctx);
      Ev.Chain.erase(Ev.Chain.begin()); // FD's own body is the analysed code
      It->second = std::move(Ev);
    }
  }
  return It->second ? &*It->second : nullptr;
}

struct CostModel::Walker {
  CostModel &M;
  ASTContext &Ctx;
  /// Calls that may still be followed; UnlimitedCallDepth for any.
  unsigned Budget;
  const Filter &F;
  std::vector<CostEvidence> *All;
  bool Strict;
  /// Collecting the sites of a callee's body for a summary table instead of
  /// finding evidence: calls become sites whatever their callee does.
  llvm::SmallVectorImpl<Site> *Sites = nullptr;
  std::optional<CostEvidence> First;

  bool done() const {
    if (Sites)
      return !Sites->empty() && Sites->back().Root;
    return !All && First.has_value();
  }

  /// Records accepted evidence; returns whether it was accepted.
  bool offer(CostEvidence Ev) {
    if (F.Accept && !F.Accept(Ev))
      return false;
    if (All)
      All->push_back(Ev);
    if (!First)
      First = std::move(Ev);
    return true;
  }

  bool loopIsHeavy(const Stmt *L, std::optional<uint64_t> &Trips) {
    if (isAtomicRetryOrSpin(L))
      return false; // the loops and calls inside are found on their own
    std::optional<uint64_t> Own = constantTripCount(L, Ctx);
    if (Own) {
      Trips = nestTripCount(L, Ctx);
      if (!Trips || *Trips <= M.Opts.SmallTripCount)
        return false; // the unknown inner loop is found on its own
    } else {
      Trips.reset();
      if (!Strict && !M.Opts.LinearScansAreHeavy &&
          M.linearScanAt(L, Ctx, Budget))
        return false; // one pass, constant work per element
    }
    return !M.nonCpuAt(L, Ctx, Budget);
  }

  void visit(const Stmt *S) {
    if (!S || done())
      return;
    if (F.Skip && F.Skip(S))
      return;
    if (isa<LambdaExpr>(S))
      return;
    if (isLoop(S)) {
      std::optional<uint64_t> Trips;
      if (loopIsHeavy(S, Trips)) {
        if (Sites) {
          Sites->push_back(Site::root(S));
          return;
        }
        CostEvidence Ev;
        Ev.Kind = CostEvidence::RootKind::Loop;
        Ev.Root = S;
        Ev.TripCount = Trips;
        if (offer(std::move(Ev)))
          return;
      }
    } else if (const auto *E = dyn_cast<Expr>(S);
               E && (isa<CallExpr>(E) || isa<CXXConstructExpr>(E))) {
      if (std::optional<std::string> Name = M.heavyCallName(E, Ctx)) {
        if (Sites) {
          Sites->push_back(Site::root(E));
          return;
        }
        CostEvidence Ev;
        Ev.Kind = CostEvidence::RootKind::HeavyCall;
        Ev.Root = E;
        Ev.HeavyName = std::move(*Name);
        if (offer(std::move(Ev)) && !All)
          return;
      } else if (const FunctionDecl *Def = heavyCallee(E, Ctx)) {
        if (Sites) {
          Sites->push_back(Site::call(E, Def));
        } else if (Budget > 0 &&
                   M.heavyTable(Strict).holdsWithin(Def, Budget - 1)) {
          if (offer(M.chainEvidence(E, Def, Strict, Ctx)) && !All)
            return;
        }
      }
    }
    for (const Stmt *Child : evaluatedChildren(S)) {
      visit(Child);
      if (done())
        return;
    }
  }
};

llvm::SmallVector<Site, 8> CostModel::heavySites(const FunctionDecl *Def,
                                                 bool Strict) {
  llvm::SmallVector<Site, 8> Out;
  Filter None;
  Walker W{*this, Def->getASTContext(), UnlimitedCallDepth, None, nullptr,
           Strict, &Out, std::nullopt};
  W.visit(Def->getBody());
  return Out;
}

std::optional<CostEvidence> CostModel::heavyIn(const Stmt *S, ASTContext &Ctx,
                                               unsigned Budget, const Filter &F,
                                               std::vector<CostEvidence> *All,
                                               bool Strict) {
  Walker W{*this, Ctx, Budget, F, All, Strict, nullptr, std::nullopt};
  W.visit(S);
  return std::move(W.First);
}

std::optional<CostEvidence> CostModel::findHeavy(const Stmt *S,
                                                 ASTContext &Ctx, Filter F) {
  reset(Ctx);
  return heavyIn(S, Ctx, Opts.CallDepth, F, nullptr, /*Strict=*/false);
}

std::vector<CostEvidence> CostModel::findAllHeavy(const Stmt *S,
                                                  ASTContext &Ctx, Filter F) {
  reset(Ctx);
  std::vector<CostEvidence> All;
  heavyIn(S, Ctx, Opts.CallDepth, F, &All, /*Strict=*/false);
  return All;
}

} // namespace clang::tidy::conclint::utils
