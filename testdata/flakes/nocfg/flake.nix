{ outputs = { self }: { packages = { }; }; }
