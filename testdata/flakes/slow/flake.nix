# A host whose evaluation runs far longer than any --timeout a test uses,
# in constant memory (naive Fibonacci: exponential time, depth 40): one of
# its modules computes it before it returns its settings.
{
  outputs = { self }:
    let
      nixos = import ../../../examples/lib/nixos-system.nix;
      fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2);
    in
    {
      nixosConfigurations.slow = nixos.nixosSystem {
        modules = [ ({ ... }: builtins.seq (fib 40) { networking.hostName = "slow"; }) ];
      };
    };
}
