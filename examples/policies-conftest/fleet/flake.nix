# A fleet for the conftest-style policy in ../ (package org.admins, ORG010).
# A real flake would write nixpkgs.lib.nixosSystem (../../README.md).
#
#   nixsec check --policy examples/policies-conftest examples/policies-conftest/fleet
{
  description = "nixsec example: a policy written as conftest and Trivy policies are";

  outputs = { self }:
    let
      nixos = import ../../lib/nixos-system.nix;
    in
    {
      nixosConfigurations = {
        ci = nixos.nixosSystem { modules = [ ./hosts/ci.nix ]; }; # ORG010 (contractor in wheel)
      };
    };
}
