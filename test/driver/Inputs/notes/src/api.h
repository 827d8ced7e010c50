#pragma once

void conclint_test_note();
