with {}; with a; with b; c
