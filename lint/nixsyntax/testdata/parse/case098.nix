{ zeta = 1; alpha = 2; mid = 3; Z = 4; _u = 5; }
