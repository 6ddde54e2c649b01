"tab	x"
