# A host whose evaluation runs far longer than any --timeout a test uses,
# in constant memory (naive Fibonacci: exponential time, depth 40).
{
  outputs = { self }:
    let fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2); in
    {
      nixosConfigurations.slow = {
        config = builtins.seq (fib 40) { };
        options = { };
      };
    };
}
