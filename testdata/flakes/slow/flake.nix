# A host whose evaluation runs far longer than any --timeout a test uses.
{
  outputs = { self }: {
    nixosConfigurations.slow = {
      config = builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 1000000000);
      options = { };
    };
  };
}
