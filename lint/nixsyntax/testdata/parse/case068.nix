a.b/c-d+e_f
