// RUN: %check_conclint --config="{HeaderFilterRegex: 'guards'}" %s conclint-unguarded-shared-state %t -- -std=c++11-or-later -I%S/Inputs/guards

// Guards the lock-consistency rule must see (issue 13): each public method
// of a class that locks its own mutex is checked on its own, no thread
// needed.

#include "guards.h"

#include <mutex>

//===----------------------------------------------------------------------===//
// An upgrade guard (utils/SyncTypes.h): a constructor that takes the
// lockable by another name (lock_upgrade()) and a destructor that releases
// it by another name (unlock_upgrade()) hold it shared: reads under it are
// protected against writers that hold it exclusively.
//===----------------------------------------------------------------------===//

class UpgradeReader {
public:
  int read_upgrade_ok() {
    grd::UpgradeLock<grd::UpgradeMutex> lk(mu_);
    return value_;
  }
  void write_exclusive_ok() {
    std::unique_lock<grd::UpgradeMutex> lk(mu_);
    value_ = 1;
  }

private:
  grd::UpgradeMutex mu_;
  int value_ = 0;
};

// A write under the upgrade guard alone is not exclusive: a shared reader
// runs beside it (reported at the read, whose lock does not keep the
// upgrade writer out).
class UpgradeWriter {
public:
  void write_upgrade_bad() {
    grd::UpgradeLock<grd::UpgradeMutex> lk(mu_);
    value_ = 1;
  }
  int read_shared_bad() {
    mu_.lock_shared();
    int v = value_;
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'value_' is read without holding 'this->mu_', while other member functions of 'UpgradeWriter' write it under that lock [conclint-unguarded-shared-state]
    mu_.unlock_shared();
    return v;
  }
  void write_exclusive_ok() {
    std::lock_guard<grd::UpgradeMutex> lk(mu_);
    value_ = 2;
  }

private:
  grd::UpgradeMutex mu_;
  int value_ = 0;
};

// A destructor that only converts the lock (unlock_upgrade_and_lock()) does
// not release it: the class is no guard, and holds no lock.
class ConvertReader {
public:
  int read_converter_bad() {
    grd::Converter<grd::UpgradeMutex> c(mu_);
    return value_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'value_' is read without holding 'this->mu_', while other member functions of 'ConvertReader' write it under that lock [conclint-unguarded-shared-state]
  }
  void write_exclusive_ok() {
    std::lock_guard<grd::UpgradeMutex> lk(mu_);
    value_ = 1;
  }

private:
  grd::UpgradeMutex mu_;
  int value_ = 0;
};

