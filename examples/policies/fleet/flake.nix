# Example Corp's fleet, for the organisation policies in ../ (ORG001-ORG003)
# and their data ../data.yaml. A real flake would write
# nixpkgs.lib.nixosSystem (../../README.md).
#
#   nixsec check --policy examples/policies --data examples/policies/data.yaml \
#     --rule 'ORG*' examples/policies/fleet
{
  description = "nixsec example: an organisation's fleet and its own policies";

  outputs = { self }:
    let
      nixos = import ../../lib/nixos-system.nix;
      host = file: nixos.nixosSystem { modules = [ file ]; };
    in
    {
      nixosConfigurations = {
        web = host ./hosts/web.nix;      # no ORG finding
        build = host ./hosts/build.nix;  # ORG001 (a contractor's key), ORG002 (not UTC); 8080 tagged
        dev = host ./hosts/dev.nix;      # ORG001 (AllowUsers "intern"), ORG003 (8080, untagged), ORG002 (null)
      };
    };
}
