// The shared library that defines the helpers' variables. Protected
// visibility (as -fvisibility=protected builds a library): the library
// reaches them directly, so a program cannot take a copy of them.
__attribute__((visibility("protected"))) int shared_counter;
__attribute__((visibility("protected"))) int shared_table[4] = {10, 11, 12, 13};

void shared_set(int v) { shared_counter = v; }
