let a = 1; b = a; in let inherit a; c = b; in c
