void elsewhere(); // defined in no TU

void bump() { elsewhere(); }
