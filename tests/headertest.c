/* The public header must compile alone under -Wall -Wextra -pedantic -Werror. */
#include "storyline.h"
int sl_headertest_dummy;
