# nixsec as a flake: `nix run github:nixsec/nixsec -- check .`,
# `nix profile install github:nixsec/nixsec`, or the overlay / package in a
# NixOS flake's devShell (README.md, "Install").
{
  description = "nixsec: check NixOS hosts against hardening practice before they are deployed";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "x86_64-darwin"
        "aarch64-darwin"
      ];
      forAllSystems = f: lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
      version = "0.1.0+${self.shortRev or self.dirtyShortRev or "dirty"}";

      nixsecFor =
        pkgs:
        pkgs.buildGo126Module {
          pname = "nixsec";
          inherit version;
          src = self;
          # The hash of `go mod vendor`'s output, as buildGoModule computes
          # it: cmd/nixsec/flake_test.go recomputes it (nix hash path), so a
          # dependency change that forgets it fails CI.
          vendorHash = "sha256-V6hVOgTsX+GAJIPJzDk5ptwVYJ2EsMym3rBNnGuXIHc=";
          subPackages = [ "cmd/nixsec" ];
          ldflags = [
            "-s"
            "-w"
            "-X main.version=${version}"
          ];
          # The tests evaluate real flakes with nix and git, which the build
          # sandbox does not offer; CI runs them (.ci/run).
          doCheck = false;
          nativeBuildInputs = [ pkgs.installShellFiles ];
          postInstall = ''
            mkdir -p $out/share/doc/nixsec
            cp -r docs/rules $out/share/doc/nixsec/rules
          ''
          + lib.optionalString (pkgs.stdenv.buildPlatform.canExecute pkgs.stdenv.hostPlatform) ''
            installShellCompletion --cmd nixsec \
              --bash <($out/bin/nixsec completion bash) \
              --zsh <($out/bin/nixsec completion zsh) \
              --fish <($out/bin/nixsec completion fish)
            $out/bin/nixsec man > nixsec.1
            installManPage nixsec.1
          '';
          meta = {
            description = "Check NixOS hosts against hardening practice before they are deployed";
            homepage = "https://github.com/nixsec/nixsec";
            mainProgram = "nixsec";
          };
        };
    in
    {
      packages = forAllSystems (pkgs: rec {
        nixsec = nixsecFor pkgs;
        default = nixsec;
      });

      apps = forAllSystems (pkgs: {
        default = {
          type = "app";
          program = lib.getExe (nixsecFor pkgs);
        };
      });

      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          packages = [
            pkgs.go_1_26
            pkgs.nix
            pkgs.golangci-lint
            pkgs.open-policy-agent
          ];
        };
      });

      overlays.default = final: _prev: { nixsec = nixsecFor final; };
    };
}
