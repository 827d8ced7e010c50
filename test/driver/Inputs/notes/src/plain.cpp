void conclint_test_note();

void conclint_test_note() {}
