{ a = rec { y = 2; }; a.x = 1; }
