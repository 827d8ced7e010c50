void bump() {}
