//===-- CostCalls.cpp - what does one call cost? --------------------------===//

#include "CostCalls.h"
#include "LoopBounds.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

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
// than computes. Running an event loop's dispatch (io_context::run_one,
// poll, QEventLoop::exec) runs other handlers, it does not compute.
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
    "read_some;write_some;receive;receive_from;send_to;async_*;"
    "::asio::io_context::run*;::asio::io_context::poll*;"
    "::boost::asio::io_context::run*;::boost::asio::io_context::poll*;"
    "::QCoreApplication::exec;::QCoreApplication::processEvents;"
    "::QEventLoop::exec;::QEventLoop::processEvents";

bool isStringStream(const CXXRecordDecl *RD) {
  llvm::StringRef N = RD->getName();
  return N.contains("stringstream") || N.contains("spanstream") ||
         N.contains("strstream");
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

} // namespace

llvm::StringRef defaultHeavyFunctionList() { return DefaultHeavy; }
llvm::StringRef defaultNonCpuFunctionList() { return DefaultNonCpu; }

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
namespace {
/// The member named `iterator_category` that \p RD (or one of its bases)
/// declares: the class says it is an iterator. Null when there is none.
const NamedDecl *iteratorCategoryMember(const CXXRecordDecl *RD,
                                        unsigned Depth = 0) {
  if (!RD || Depth > 8)
    return nullptr;
  RD = RD->getDefinition();
  if (!RD)
    return nullptr;
  for (const Decl *D : RD->decls())
    if (const auto *ND = dyn_cast<NamedDecl>(D);
        ND && ND->getIdentifier() &&
        ND->getIdentifier()->isStr("iterator_category"))
      return ND;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const NamedDecl *ND = iteratorCategoryMember(
            B.getType()->getAsCXXRecordDecl(), Depth + 1))
      return ND;
  return nullptr;
}

bool declaresIteratorCategory(const CXXRecordDecl *RD) {
  return iteratorCategoryMember(RD) != nullptr;
}
} // namespace

bool isIteratorStep(const Expr *E) {
  if (!E)
    return false;
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  if (!Call)
    return false;
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return false;
  OverloadedOperatorKind Op = FD->getOverloadedOperator();
  if (Op != OO_PlusPlus && Op != OO_MinusMinus)
    return false;
  // The class of the operand: a member operator's class, or a free
  // operator's first parameter's class.
  const CXXRecordDecl *RD = nullptr;
  if (MD)
    RD = MD->getParent();
  else if (FD->getNumParams() >= 1)
    RD = FD->getParamDecl(0)->getType().getNonReferenceType()
             ->getAsCXXRecordDecl();
  return declaresIteratorCategory(RD);
}

namespace {
/// The tag type a class (or one of its bases) declares as its
/// `iterator_category`; null when it declares none.
const CXXRecordDecl *iteratorCategoryOf(const CXXRecordDecl *RD) {
  if (const auto *TD =
          dyn_cast_or_null<TypedefNameDecl>(iteratorCategoryMember(RD)))
    return TD->getUnderlyingType()->getAsCXXRecordDecl();
  return nullptr;
}

/// A random-access (or contiguous) iterator tag, or a tag derived from one.
bool isRandomAccessTag(const CXXRecordDecl *Tag) {
  if (!Tag || !Tag->getDefinition())
    return false;
  auto Named = [](const CXXRecordDecl *B) {
    return B->getIdentifier() &&
           (B->getName() == "random_access_iterator_tag" ||
            B->getName() == "contiguous_iterator_tag");
  };
  if (Named(Tag))
    return true;
  return !Tag->getDefinition()->forallBases(
      [&](const CXXRecordDecl *B) { return !Named(B); });
}
} // namespace

bool isNodeErase(const Expr *E) {
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(
      E ? E->IgnoreParenImpCasts() : nullptr);
  if (!MC)
    return false;
  const CXXMethodDecl *MD = MC->getMethodDecl();
  if (!MD || !MD->getIdentifier() || MD->getName() != "erase" ||
      MD->getNumParams() != 1)
    return false;
  const CXXRecordDecl *It = MD->getParamDecl(0)
                                ->getType()
                                .getNonReferenceType()
                                ->getAsCXXRecordDecl();
  const CXXRecordDecl *Tag = iteratorCategoryOf(It);
  return Tag && !isRandomAccessTag(Tag);
}

const NamedDecl *costCalledEntity(const Expr *E) {
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
const FunctionDecl *costCalledFunction(const Expr *E) {
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return Call->getDirectCallee();
  if (const auto *Cons = dyn_cast<CXXConstructExpr>(E))
    return Cons->getConstructor();
  return nullptr;
}

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

} // namespace clang::tidy::conclint::utils
