# Stand-ins for the NixOS modules nixsec's rules read. Each declares its
# options with the real names, types and defaults of its nixpkgs module
# and, like the real module, defines other options (sshd opens its ports,
# users-groups defines root and nobody, ...). Each is attributed to the real
# module's file under a fixed fake nixpkgs store path, so a finding can tell
# nixpkgs' definitions from the user's.
#
# Adding an option is one line in the module that declares it:
#   fooBar = opt types.bool false;
#
# `release` is the NixOS release modelled ("25.05", "25.11", "26.05"): where
# the options nixsec reads differ between releases, `atLeast` picks the
# module of each. docs/nixos-releases.md lists every difference with the
# nixpkgs file (and release note or pull request) it comes from.
{ lib, pkgs, release }:
let
  inherit (lib) mkOption mkEnableOption mkIf mkMerge mkDefault types optionals
    mkRenamedOptionModule mkAliasOptionModule mkRemovedOptionModule;

  atLeast = r: builtins.compareVersions release r >= 0;
  inherit (types) bool int str lines port path package attrs anything enum
    listOf attrsOf nullOr either oneOf submodule;

  nixpkgs = "/nix/store/00000000000000000000000000000000-source/nixos/modules";

  # A nixpkgs module: its file is the real file name under the fake store path.
  module = file: f: args: f args // { _file = "${nixpkgs}/${file}"; key = "${nixpkgs}/${file}"; };

  # An option with a type and a default; `optNoDefault` for those without one.
  opt = type: default: mkOption { inherit type default; };
  optNoDefault = type: mkOption { inherit type; };

  # A freeform settings set: declared keys are options, any other key is
  # merged with `freeform` (RFC 42 `settings`).
  freeform = freeformType: options: submodule { inherit freeformType options; };
  keyValue = attrsOf (nullOr (oneOf [ bool int str (listOf str) ]));

  # systemd unit directives: a list anywhere makes the definitions concatenate.
  unitOption = lib.mkOptionType {
    name = "unitOption"; description = "systemd option";
    check = v: builtins.isBool v || builtins.isInt v || builtins.isString v || builtins.isPath v || builtins.isList v;
    merge = loc: defs:
      if builtins.any (d: builtins.isList d.value) defs
      then builtins.concatMap (d: lib.toList d.value) defs
      else lib.mergeEqual loc defs;
  };

  serviceOptions = {
    enable = opt bool true;
    description = opt str "";
    documentation = opt (listOf str) [ ];
    after = opt (listOf str) [ ];
    before = opt (listOf str) [ ];
    wants = opt (listOf str) [ ];
    requires = opt (listOf str) [ ];
    wantedBy = opt (listOf str) [ ];
    requiredBy = opt (listOf str) [ ];
    conflicts = opt (listOf str) [ ];
    partOf = opt (listOf str) [ ];
    aliases = opt (listOf str) [ ];
    serviceConfig = opt (attrsOf unitOption) { };
    unitConfig = opt (attrsOf unitOption) { };
    script = opt lines "";
    preStart = opt lines "";
    path = opt (listOf (either package str)) [ ];
    environment = opt (attrsOf (nullOr (oneOf [ str path package ]))) { };
    restartTriggers = opt (listOf anything) [ ];
    stopIfChanged = opt bool true;
    startAt = opt (either str (listOf str)) [ ];
  };

  portRange = attrsOf port;
  firewallPorts = {
    allowedTCPPorts = mkOption { type = listOf port; default = [ ]; apply = canonicalPorts; };
    allowedUDPPorts = mkOption { type = listOf port; default = [ ]; apply = canonicalPorts; };
    allowedTCPPortRanges = opt (listOf portRange) [ ];
    allowedUDPPortRanges = opt (listOf portRange) [ ];
  };
  # firewall.nix sorts and deduplicates port lists.
  canonicalPorts = ports: lib.unique (builtins.sort builtins.lessThan ports);

  # sudo.nix and sudo-rs.nix: the same rule type, default rules (root at
  # mkOrder 400, wheel at 600, both with defaultOptions = [ "SETENV" ] and
  # NOPASSWD for wheel unless wheelNeedsPassword) and sudoers rendering.
  sudoersOptions = name: {
    configFile = optNoDefault lines;
    defaultOptions = opt (listOf str) [ "SETENV" ];
    extraConfig = opt lines "";
    extraRules = opt (listOf (submodule {
      options = {
        users = opt (listOf (either str int)) [ ];
        groups = opt (listOf (either str int)) [ ];
        host = opt str "ALL";
        runAs = opt str "ALL:ALL";
        commands = optNoDefault (listOf (either str (submodule {
          options = {
            command = optNoDefault str;
            options = opt (listOf (enum [ "NOPASSWD" "PASSWD" "NOEXEC" "EXEC" "SETENV" "NOSETENV" "LOG_INPUT" "NOLOG_INPUT" "LOG_OUTPUT" "NOLOG_OUTPUT" ])) [ ];
          };
        })));
      };
    })) [ ];
    wheelNeedsPassword = opt bool true;
    execWheelOnly = opt bool false;
  };
  sudoersConfig = name: cfg: {
    security.${name} = {
      extraRules = mkMerge [
        (lib.mkOrder 400 [ { users = [ "root" ]; commands = [ { command = "ALL"; options = cfg.defaultOptions; } ]; } ])
        (lib.mkOrder 600 [ { groups = [ "wheel" ]; commands = [ { command = "ALL"; options = optionals (!cfg.wheelNeedsPassword) [ "NOPASSWD" ] ++ cfg.defaultOptions; } ]; } ])
      ];
      configFile =
        let
          who = u: if builtins.isInt u then "#${toString u}" else u;
          grp = g: if builtins.isInt g then "%#${toString g}" else "%${g}";
          cmd = c: if builtins.isString c then c
            else "${builtins.concatStringsSep ":" c.options}${lib.optionalString (c.options != [ ]) ":"} ${c.command}";
          cmds = r: builtins.concatStringsSep ", " (map cmd r.commands);
          ruleLines = builtins.concatLists (map (r:
            map (u: "${who u}     ${r.host}=(${r.runAs})    ${cmds r}") r.users
            ++ map (g: "${grp g}  ${r.host}=(${r.runAs})    ${cmds r}") r.groups)
            (builtins.filter (r: r.commands != [ ]) cfg.extraRules));
        in builtins.concatStringsSep "\n" (builtins.filter (s: s != "") [
          "# Don't edit this file. Set the NixOS options ‘security.${name}.configFile’\n# or ‘security.${name}.extraRules’ instead.\n"
          (builtins.concatStringsSep "\n" ruleLines)
          "\n"
          (lib.optionalString (cfg.extraConfig != "") "# extraConfig\n${cfg.extraConfig}\n")
        ]);
    };
    environment.etc.sudoers = {
      mode = "0440";
      source = pkgs.runCommand "sudoers" { } "";
    };
  };

  # A Wayland compositor's module: its enable switch, and the switch that
  # programs/wayland/wayland-session.nix (which it imports, a plain
  # attribute set whose definitions count as the importing module's) sets.
  compositor = file: name: imports: module "programs/wayland/${file}.nix" ({ config, ... }: {
    inherit imports;
    options.programs.${name}.enable = mkEnableOption name;
    config = mkIf config.programs.${name}.enable { services.graphical-desktop.enable = true; };
  });

  fakeService = description: exec: {
    inherit description;
    wantedBy = [ "multi-user.target" ];
    serviceConfig.ExecStart = exec;
  };
in
[
  # Order matters only for the order of definitions: the module system
  # merges modules in reverse, so these come after the user's, as in NixOS.
  (module "config/users-groups.nix" ({ config, ... }:
    let
      cfg = config.users;
      userModule = { name, config, ... }: {
        options = {
          name = optNoDefault (types.passwdEntry str);
          isNormalUser = opt bool false;
          isSystemUser = opt bool false;
          uid = opt (nullOr int) null;
          group = opt str "";
          extraGroups = opt (listOf str) [ ];
          description = opt (types.passwdEntry str) "";
          home = opt (types.passwdEntry path) "/var/empty";
          createHome = opt bool false;
          useDefaultShell = opt bool false;
          shell = opt (nullOr (either types.shellPackage (types.passwdEntry path))) pkgs.shadow;
          password = opt (nullOr str) null;
          initialPassword = opt (nullOr str) null;
          hashedPassword = opt (nullOr (types.passwdEntry str)) null;
          initialHashedPassword = opt (nullOr (types.passwdEntry str)) null;
          hashedPasswordFile = opt (nullOr str) null;
          packages = opt (listOf package) [ ];
          linger = opt bool false;
          openssh.authorizedKeys.keys = opt (listOf types.singleLineStr) [ ];
          openssh.authorizedKeys.keyFiles = opt (listOf path) [ ];
          openssh.authorizedPrincipals = opt (listOf types.singleLineStr) [ ];
        };
        config = mkMerge [
          { name = mkDefault name; shell = mkIf config.useDefaultShell (mkDefault cfg.defaultUserShell); }
          (mkIf config.isNormalUser {
            group = mkDefault "users";
            createHome = mkDefault true;
            home = mkDefault "/home/${config.name}";
            useDefaultShell = mkDefault true;
            isSystemUser = mkDefault false;
          })
          # Immutable users: the initial password becomes the password (§4b.8).
          (mkIf (!cfg.mutableUsers && config.initialPassword != null) { password = mkDefault config.initialPassword; })
          (mkIf (!cfg.mutableUsers && config.initialHashedPassword != null) { hashedPassword = mkDefault config.initialHashedPassword; })
        ];
      };
      groupModule = { name, ... }: {
        options = { name = opt str name; gid = opt (nullOr int) null; members = opt (listOf str) [ ]; };
      };
    in {
      options.users = {
        mutableUsers = opt bool true;
        allowNoPasswordLogin = opt bool false;
        defaultUserShell = opt (either path types.shellPackage) pkgs.bashInteractive;
        users = opt (attrsOf (submodule userModule)) { };
        groups = opt (attrsOf (submodule groupModule)) { };
      };
      config = {
        users.users = {
          root = { uid = 0; description = "System administrator"; home = "/root"; shell = mkDefault cfg.defaultUserShell; group = "root"; };
          nobody = { uid = 65534; description = "Unprivileged account (don't use!)"; group = "nogroup"; isSystemUser = true; };
        };
        users.groups = { root.gid = 0; wheel.gid = 1; users.gid = 100; nogroup.gid = 65534; };
        systemd.services.linger-users = mkIf true {
          after = [ "systemd-logind.service" ];
          requires = [ "systemd-logind.service" ];
          wantedBy = [ "multi-user.target" ];
          serviceConfig = { Type = "oneshot"; StateDirectory = "systemd/linger"; WorkingDirectory = "/var/lib/systemd/linger"; };
          script = "# enable/disable lingering for users.users.*.linger";
        };
      };
    }))

  (module "services/networking/ssh/sshd.nix" ({ config, ... }:
    let
      cfg = config.services.openssh;
      sshOpt = [ "services" "openssh" ];
      renamed = old: new: mkRenamedOptionModule (sshOpt ++ [ old ]) (sshOpt ++ new);
      # enableRecommendedAlgorithms exists from 26.05 (nixpkgs PR #471330);
      # before, the curated lists are the unconditional defaults.
      recommended = list: if !(atLeast "26.05") || cfg.enableRecommendedAlgorithms then list else null;
      principals = builtins.any (u: u.openssh.authorizedPrincipals != [ ]) (builtins.attrValues config.users.users);
    in {
      imports = [
        (mkAliasOptionModule [ "services" "sshd" "enable" ] [ "services" "openssh" "enable" ])
        (renamed "challengeResponseAuthentication" [ "kbdInteractiveAuthentication" ])
        (renamed "kbdInteractiveAuthentication" [ "settings" "KbdInteractiveAuthentication" ])
        (renamed "passwordAuthentication" [ "settings" "PasswordAuthentication" ])
        (renamed "permitRootLogin" [ "settings" "PermitRootLogin" ])
        (renamed "useDns" [ "settings" "UseDns" ])
        (renamed "logLevel" [ "settings" "LogLevel" ])
        (renamed "forwardX11" [ "settings" "X11Forwarding" ])
        (renamed "ciphers" [ "settings" "Ciphers" ])
        (renamed "macs" [ "settings" "Macs" ])
        (renamed "kexAlgorithms" [ "settings" "KexAlgorithms" ])
        (renamed "gatewayPorts" [ "settings" "GatewayPorts" ])
      ] ++ optionals (atLeast "26.05") [
        # 26.05's sshd.nix (the one with enableRecommendedAlgorithms and
        # generateHostKeys) removed `banner`; until 25.11 it is declared
        # below.
        (mkRemovedOptionModule (sshOpt ++ [ "banner" ]) "Use services.openssh.settings.Banner instead.")
      ];
      options.services.openssh = lib.optionalAttrs (atLeast "26.05") {
        enableRecommendedAlgorithms = opt bool true;
      } // {
        enable = mkEnableOption "the OpenSSH secure shell daemon";
        openFirewall = opt bool true;
        ports = opt (listOf port) [ 22 ];
        listenAddresses = opt (listOf (submodule {
          options = { addr = opt (nullOr str) null; port = opt (nullOr port) null; };
        })) [ ];
        hostKeys = opt (listOf attrs) [
          { type = "rsa"; bits = 4096; path = "/etc/ssh/ssh_host_rsa_key"; }
          { type = "ed25519"; path = "/etc/ssh/ssh_host_ed25519_key"; }
        ];
        extraConfig = opt lines "";
        authorizedKeysFiles = opt (listOf str) [ ];
      } // lib.optionalAttrs (!(atLeast "26.05")) {
        # "Message to display to the remote user before authentication";
        # sshd_config gets `Banner <file>` (or `Banner none`).
        banner = opt (nullOr lines) null;
      } // {
        authorizedKeysInHomedir = opt bool true;
        startWhenNeeded = opt bool false;
        allowSFTP = opt bool true;
        package = opt package pkgs.openssh;
        settings = opt (freeform keyValue {
          PasswordAuthentication = opt (nullOr bool) true;
          KbdInteractiveAuthentication = opt (nullOr bool) true;
          PermitRootLogin = opt (nullOr (enum [ "yes" "without-password" "prohibit-password" "forced-commands-only" "no" ])) "prohibit-password";
          AllowUsers = opt (nullOr (listOf str)) null;
          AllowGroups = opt (nullOr (listOf str)) null;
          DenyUsers = opt (nullOr (listOf str)) null;
          DenyGroups = opt (nullOr (listOf str)) null;
          X11Forwarding = opt (nullOr bool) false;
          LogLevel = opt (nullOr (enum [ "QUIET" "FATAL" "ERROR" "INFO" "VERBOSE" "DEBUG" "DEBUG1" "DEBUG2" "DEBUG3" ])) "INFO";
          UseDns = opt (nullOr bool) false;
          UsePAM = opt (nullOr bool) true;
          GatewayPorts = opt (nullOr str) "no";
          StrictModes = opt (nullOr bool) true;
          PrintMotd = opt (nullOr bool) false;
          AuthorizedPrincipalsFile = opt (nullOr str) "none";
          AcceptEnv = opt (nullOr (listOf str)) null;
          Ciphers = opt (nullOr (listOf str)) (recommended [ "chacha20-poly1305@openssh.com" "aes256-gcm@openssh.com" "aes128-gcm@openssh.com" "aes256-ctr" "aes192-ctr" "aes128-ctr" ]);
          KexAlgorithms = opt (nullOr (listOf str)) (recommended [ "mlkem768x25519-sha256" "sntrup761x25519-sha512" "sntrup761x25519-sha512@openssh.com" "curve25519-sha256" "curve25519-sha256@libssh.org" "diffie-hellman-group-exchange-sha256" ]);
          Macs = opt (nullOr (listOf str)) (recommended [ "hmac-sha2-512-etm@openssh.com" "hmac-sha2-256-etm@openssh.com" "umac-128-etm@openssh.com" ]);
        }) { };
      };
      config = mkIf cfg.enable (mkMerge [
        {
          users.users.sshd = { isSystemUser = true; group = "sshd"; description = "SSH privilege separation user"; };
          users.groups.sshd = { };
          # sshd's PAM service checks the Unix password only when password
          # authentication is on: keyboard-interactive with
          # PasswordAuthentication = false asks PAM, which then has no
          # pam_unix to accept a password. 25.11 (nixpkgs PR #417055) made
          # the condition `UsePAM == true` for a nullable UsePAM.
          security.pam.services.sshd = mkIf (if atLeast "25.11" then cfg.settings.UsePAM == true else cfg.settings.UsePAM) {
            showMotd = true;
            startSession = true;
            unixAuth = if cfg.settings.PasswordAuthentication == true then true else false;
          };
          services.openssh.settings.AuthorizedPrincipalsFile = mkIf principals "/etc/ssh/authorized_principals.d/%u";
          # openFirewall (default true) opens the ports on every interface.
          networking.firewall.allowedTCPPorts = optionals cfg.openFirewall cfg.ports;
          systemd.services = {
            sshd = mkIf (!cfg.startWhenNeeded) (fakeService "SSH Daemon" "${cfg.package}/bin/sshd -D -f /etc/ssh/sshd_config" // {
              after = [ "network.target" "sshd-keygen.service" ];
              path = [ cfg.package ];
              stopIfChanged = false;
            });
            "sshd@" = {
              description = "SSH per-connection Daemon";
              path = [ cfg.package ];
              serviceConfig = { ExecStart = "-${cfg.package}/bin/sshd -i -D -f /etc/ssh/sshd_config"; StandardInput = "socket"; };
            };
          };
        }
        {
          systemd.services.sshd-keygen = {
            description = "SSH Host Keys Generation";
            wantedBy = [ "multi-user.target" ];
            path = [ cfg.package ];
            serviceConfig.Type = "oneshot";
          };
        }
      ]);
    }))

  # 25.11 renamed the module and its options (rl-2511: "services.dnscrypt-proxy2
  # was renamed to services.dnscrypt-proxy"), keeping the old names as a rename
  # of the whole subtree and the old unit name as an alias.
  (let
    # Both modules set the same nameserver and unit; 25.11 renamed the unit
    # and keeps the old name as an alias.
    dnscryptConfig = unit: package: extra: {
      networking.nameservers = mkDefault [ "127.0.0.1" ];
      systemd.services.${unit} = fakeService "DNSCrypt-proxy client" "${package}/bin/dnscrypt-proxy -config /etc/dnscrypt-proxy/dnscrypt-proxy.toml" // {
        before = [ "nss-lookup.target" ];
        wants = [ "network-online.target" "nss-lookup.target" ];
      } // extra;
    };
  in if atLeast "25.11" then
    module "services/networking/dnscrypt-proxy.nix" ({ config, ... }:
      let cfg = config.services.dnscrypt-proxy; in {
        imports = [ (mkRenamedOptionModule [ "services" "dnscrypt-proxy2" ] [ "services" "dnscrypt-proxy" ]) ];
        options.services.dnscrypt-proxy = {
          enable = mkEnableOption "dnscrypt-proxy";
          package = opt package pkgs.dnscrypt-proxy;
          settings = opt (attrsOf anything) { };
          upstreamDefaults = opt bool true;
        };
        config = mkIf cfg.enable (dnscryptConfig "dnscrypt-proxy" cfg.package { aliases = [ "dnscrypt-proxy2.service" ]; });
      })
  else
    module "services/networking/dnscrypt-proxy2.nix" ({ config, ... }:
      let cfg = config.services.dnscrypt-proxy2; in {
        # No package option before 25.11 (rl-2511: "gains a package option").
        options.services.dnscrypt-proxy2 = {
          enable = mkEnableOption "dnscrypt-proxy2";
          settings = opt attrs { };
          upstreamDefaults = opt bool true;
        };
        config = mkIf cfg.enable (dnscryptConfig "dnscrypt-proxy2" pkgs.dnscrypt-proxy { });
      }))

  # Until 25.05 auditd.nix turned the kernel's audit on itself (audit=1),
  # put pkgs.audit in the system path and had no other option; from 25.11
  # (nixpkgs PRs #429553, #432238) it sets security.audit.enable with
  # mkDefault (audit.nix adds audit=1 when that is on), declares `settings`
  # (auditd.conf, rendered into environment.etc."audit/auditd.conf".text,
  # `plugin_dir` pinned) and `plugins` (four defaults, inactive), and no
  # longer adds pkgs.audit to environment.systemPackages.
  (if atLeast "25.11" then
    module "security/auditd.nix" ({ config, ... }:
      let
        cfg = config.security.auditd;
        settingsType = nullOr (oneOf [ bool types.nonEmptyStr path int ]);
        prepareConfigValue = v:
          if builtins.isBool v then (if v then "yes" else "no")
          else if builtins.isList v then builtins.concatStringsSep " " (map prepareConfigValue v)
          else toString v;
        prepareConfigText = conf: lib.concatStrings (lib.mapAttrsToList
          (k: v: (if v == null then "#${k} =" else "${k} = ${prepareConfigValue v}") + "\n") conf);
        pluginOptions = submodule {
          options = {
            active = mkEnableOption "Whether to enable this plugin";
            direction = opt (enum [ "in" "out" ]) "out";
            path = optNoDefault path;
            type = mkOption { type = enum [ "always" ]; default = "always"; readOnly = true; };
            args = opt (nullOr (listOf types.nonEmptyStr)) null;
            format = opt (enum [ "binary" "string" ]) "string";
            settings = opt (nullOr (submodule { freeformType = attrsOf settingsType; })) null;
          };
        };
        auditBin = name: "${pkgs.audit}/bin/${name}";
      in {
        options.security.auditd = {
          enable = mkEnableOption "the Linux Audit daemon";
          settings = opt (submodule {
            freeformType = attrsOf settingsType;
            options = {
              space_left = opt (either int (types.strMatching "[0-9]+%")) 75;
              admin_space_left = opt (either int (types.strMatching "[0-9]+%")) 50;
            };
          }) { };
          plugins = opt (attrsOf pluginOptions) { };
        };
        config = mkIf cfg.enable {
          security.audit.enable = mkDefault true;
          security.auditd.settings.plugin_dir = "/etc/audit/plugins.d";
          environment.etc = {
            "audit/auditd.conf".text = prepareConfigText cfg.settings;
          } // lib.mapAttrs' (name: p: lib.nameValuePair "audit/plugins.d/${name}.conf" {
            text = prepareConfigText (builtins.removeAttrs p [ "settings" ]);
          }) cfg.plugins // lib.mapAttrs' (name: p: lib.nameValuePair "audit/audisp-${name}.conf" {
            text = prepareConfigText p.settings;
          }) (lib.filterAttrs (_: p: p.settings != null) cfg.plugins);
          security.auditd.plugins = {
            af_unix = { path = auditBin "audisp-af_unix"; args = [ "0640" "/var/run/audispd_events" "string" ]; format = "binary"; };
            remote = { path = auditBin "audisp-remote"; settings = { }; };
            filter = { path = auditBin "audisp-filter"; args = [ "allowlist" "/etc/audit/audisp-filter.conf" (auditBin "audisp-syslog") "LOG_USER" "LOG_INFO" "interpret" ]; settings = { }; };
            syslog = { path = auditBin "audisp-syslog"; args = [ "LOG_INFO" ]; };
          };
          systemd.services.auditd = fakeService "Security Audit Logging Service" "${pkgs.audit}/bin/auditd -l -n -s nochange" // {
            wantedBy = [ "sysinit.target" ];
            before = [ "sysinit.target" "shutdown.target" ];
          };
        };
      })
  else
    module "security/auditd.nix" ({ config, ... }: {
      options.security.auditd.enable = mkEnableOption "the Linux Audit daemon";
      config = mkIf config.security.auditd.enable {
        boot.kernelParams = [ "audit=1" ];
        environment.systemPackages = [ pkgs.audit ];
        systemd.services.auditd = fakeService "Linux Audit daemon" "${pkgs.audit}/bin/auditd -l -n -s nochange" // {
          wantedBy = [ "basic.target" ];
          before = [ "shutdown.target" ];
        };
      };
    }))

  (module "security/audit.nix" ({ config, ... }: let cfg = config.security.audit; in {
    options.security.audit = {
      enable = opt (enum [ false true "lock" ]) false;
      rules = opt (listOf str) [ ];
      failureMode = opt (enum [ "silent" "printk" "panic" ]) "printk";
      backlogLimit = opt int (if atLeast "25.11" then 1024 else 64);
      rateLimit = opt int 0;
    };
    config = mkIf (atLeast "25.11" && (cfg.enable == "lock" || cfg.enable == true)) {
      boot.kernelParams = [ "audit=1" "audit_backlog_limit=${toString cfg.backlogLimit}" ];
    };
  }))

  (module "security/apparmor.nix" ({ ... }: {
    options.security.apparmor = {
      enable = mkEnableOption "the AppArmor Mandatory Access Control system";
      killUnconfinedConfinables = opt bool true;
      policies = opt (attrsOf (submodule {
        options = {
          state = opt (enum [ "disable" "complain" "enforce" ]) "enforce";
          profile = opt lines "";
          path = opt (nullOr path) null;
        };
      })) { };
    };
  }))

  (module "services/security/usbguard.nix" ({ ... }: {
    options.services.usbguard = {
      enable = mkEnableOption "USBGuard daemon";
      rules = opt (nullOr lines) null;
      implicitPolicyTarget = opt (enum [ "allow" "block" "reject" ]) "block";
      presentDevicePolicy = opt (enum [ "allow" "block" "reject" "keep" "apply-policy" ]) "apply-policy";
      presentControllerPolicy = opt (enum [ "allow" "block" "reject" "keep" "apply-policy" ]) "keep";
      insertedDevicePolicy = opt (enum [ "allow" "block" "reject" "apply-policy" ]) "apply-policy";
      IPCAllowedUsers = opt (listOf str) [ "root" ];
      IPCAllowedGroups = opt (listOf str) [ ];
    };
  }))

  # pam.nix renders each service's rules into `text` (mkDefault), the file
  # /etc/pam.d/<name> (environment.etc, source = writeText "<name>.pam").
  # SSH003 reads sshd's text. The auth rules below are pam.nix's, in its
  # order, for the options the imitation declares: pam_unix is "sufficient"
  # when unixAuth is on, and so are the other password checks (otpw, mysql,
  # LDAP, SSSD, Kanidm, homed, dp9ik; Kerberos through ccreds); OATH is
  # "requisite" and Google Authenticator "required" (extra factors; the
  # latter, with pam_unix "optional" before it, only beside unixAuth).
  (module "security/pam.nix" ({ config, ... }:
    let
      cfg = config.security.pam;
      top = config;
      limitsType = listOf (submodule {
        options = {
          domain = optNoDefault str;
          type = opt (enum [ "-" "hard" "soft" ]) "-";
          item = optNoDefault (enum [ "core" "data" "fsize" "memlock" "nofile" "rss" "stack" "cpu" "nproc" "as"
            "maxlogins" "maxsyslogins" "priority" "locks" "sigpending" "msgqueue" "nice" "rtprio" ]);
          value = optNoDefault (oneOf [ str int ]);
        };
      });
      lib' = "${pkgs.pam}/lib/security";
      rule = type: control: path: args: name: order:
        builtins.concatStringsSep " " ([ type control path ] ++ args ++ [ "# ${name} (order ${toString order})" ]);
      authRules = svc: builtins.filter (r: r != null) [
        (if svc.rootOK then rule "auth" "sufficient" "${lib'}/pam_rootok.so" [ ] "rootok" 10200 else null)
        (if svc.mysqlAuth then rule "auth" "sufficient" "${pkgs.pam_mysql}/lib/security/pam_mysql.so" [ "config_file=/etc/security/pam_mysql.conf" ] "mysql" 10500 else null)
        (if svc.p11Auth then rule "auth" "sufficient" "${pkgs.pam_p11}/lib/security/pam_p11.so" [ "${pkgs.opensc}/lib/opensc-pkcs11.so" ] "p11" 10800 else null)
        (if svc.u2fAuth then rule "auth" "sufficient" "${pkgs.pam_u2f}/lib/security/pam_u2f.so" [ ] "u2f" 10900 else null)
        (if svc.oathAuth then rule "auth" "requisite" "${pkgs.oath-toolkit}/lib/security/pam_oath.so" [ "digits=6" "usersfile=/etc/users.oath" "window=5" ] "oath" 11100 else null)
        (if cfg.dp9ik.enable then rule "auth" "sufficient" "${pkgs.pam_dp9ik}/lib/security/pam_p9.so" [ ] "p9" 11300 else null)
        (if (svc.unixAuth || top.services.homed.enable) && svc.googleAuthenticator.enable && svc.unixAuth
          then rule "auth" "optional" "${lib'}/pam_unix.so" [ "likeauth" ] "unix-early" 11600 else null)
        (if (svc.unixAuth || top.services.homed.enable) && svc.googleAuthenticator.enable
          then rule "auth" "required" "${pkgs.google-authenticator}/lib/security/pam_google_authenticator.so" [ "no_increment_hotp" ] "google_authenticator" 12500 else null)
        (if top.services.homed.enable then rule "auth" "sufficient" "${pkgs.systemd}/lib/security/pam_systemd_home.so" [ ] "systemd_home" 12800 else null)
        (if svc.unixAuth then rule "auth" "sufficient" "${lib'}/pam_unix.so" [ "likeauth" "try_first_pass" ] "unix" 12900 else null)
        (if svc.otpwAuth then rule "auth" "sufficient" "${pkgs.otpw}/lib/security/pam_otpw.so" [ ] "otpw" 13000 else null)
        (if top.users.ldap.enable && top.users.ldap.loginPam then rule "auth" "sufficient" "${pkgs.pam_ldap}/lib/security/pam_ldap.so" [ "use_first_pass" ] "ldap" 13100 else null)
        (if top.services.kanidm.enablePam then rule "auth" "sufficient" "${pkgs.kanidm}/lib/pam_kanidm.so" [ "ignore_unknown_user" "use_first_pass" ] "kanidm" 13200 else null)
        (if top.services.sssd.enable then rule "auth" "sufficient" "${pkgs.sssd}/lib/security/pam_sss.so" [ "use_first_pass" ] "sss" 13300 else null)
        (if cfg.krb5.enable then rule "auth" "[default=ignore success=1 service_err=reset]" "${pkgs.pam_krb5}/lib/security/pam_krb5.so" [ "use_first_pass" ] "krb5" 13400 else null)
        (if cfg.krb5.enable then rule "auth" "[default=die success=done]" "${pkgs.pam_ccreds}/lib/security/pam_ccreds.so" [ "action=validate" "use_first_pass" ] "ccreds-validate" 13500 else null)
        (if cfg.krb5.enable then rule "auth" "sufficient" "${pkgs.pam_ccreds}/lib/security/pam_ccreds.so" [ "action=store" "use_first_pass" ] "ccreds-store" 13600 else null)
        (rule "auth" "required" "${lib'}/pam_deny.so" [ ] "deny" 13700)
      ];
      render = svc: ''
        # Account management.
        ${rule "account" "required" "${lib'}/pam_unix.so" [ ] "unix" 10900}

        # Authentication management.
        ${builtins.concatStringsSep "\n" (authRules svc)}

        # Password management.
        ${rule "password" "sufficient" "${lib'}/pam_unix.so" [ "nullok" "yescrypt" ] "unix" 10200}

        # Session management.
        ${rule "session" "required" "${lib'}/pam_unix.so" [ ] "unix" 10200}${lib.optionalString (svc.limits != [ ]) "\n${
          rule "session" "required" "${lib'}/pam_limits.so" [ "conf=${pkgs.writeText "limits.conf" ""}" ] "limits" 12200}"}
      '';
    in {
      options.security.pam = {
        services = opt (attrsOf (submodule ({ config, ... }: {
          options = {
            enable = opt bool true;
            unixAuth = opt bool true;
            allowNullPassword = opt bool false;
            rootOK = opt bool false;
            startSession = opt bool false;
            showMotd = opt bool false;
            googleAuthenticator.enable = opt bool false;
            oathAuth = opt bool cfg.oath.enable;
            otpwAuth = opt bool cfg.enableOTPW;
            mysqlAuth = opt bool top.users.mysql.enable;
            sssdStrictAccess = opt bool false;
            u2fAuth = opt bool cfg.u2f.enable;
            p11Auth = opt bool cfg.p11.enable;
            text = opt (nullOr lines) null;
            # failDelay is an option only: the imitation's rendering
            # leaves out its pam_faildelay line. A non-empty `limits` adds
            # the session's pam_limits line (22nd session rule: order 12200).
            failDelay.enable = opt bool false;
            failDelay.delay = opt int 3000000;
            limits = opt limitsType [ ];
          };
          config.text = mkDefault (render config);
          config.limits = mkDefault cfg.loginLimits;
        }))) { };
        # limits.conf(5) entries (pam_limits); each service's `limits`
        # defaults to them.
        loginLimits = opt limitsType [ ];
        u2f.enable = opt bool false;
        p11.enable = opt bool false;
        p11.control = opt (enum [ "required" "requisite" "sufficient" "optional" ]) "sufficient";
        enableOTPW = mkEnableOption "the OTPW (one-time password) PAM module";
        dp9ik.enable = mkEnableOption "the dp9ik pam module provided by tlsclient";
        krb5.enable = opt bool config.security.krb5.enable;
      };
      config = {
        security.pam.services = { login = { startSession = true; }; su = { }; sudo = { }; };
        environment.etc = lib.mapAttrs' (name: svc: { name = "pam.d/${name}"; value.source = pkgs.writeText "${name}.pam" svc.text; })
          (lib.filterAttrs (_: svc: svc.enable) cfg.services);
      };
    }))

  # A file's source is pkgs.writeText of its text, at the text's priority
  # (mkDerivedConfig); user and group
  # ("+<uid>", "+<gid>") apply only to a copied file (mode other than
  # "symlink").
  (module "system/etc/etc.nix" ({ ... }: {
    options.environment.etc = opt (attrsOf (submodule ({ name, config, options, ... }: {
      options = {
        enable = opt bool true;
        target = optNoDefault str;
        text = opt (nullOr lines) null;
        source = optNoDefault (either path package);
        mode = opt str "symlink";
        uid = opt int 0;
        gid = opt int 0;
        user = opt str "+${toString config.uid}";
        group = opt str "+${toString config.gid}";
      };
      config = {
        target = mkDefault name;
        # mkDerivedConfig: the source takes the text's priority.
        source = mkIf (config.text != null) (lib.mkOverride options.text.highestPrio
          (pkgs.writeText ("etc-" + builtins.replaceStrings [ "/" ] [ "-" ] name) config.text));
      };
    }))) { };
  }))

  (module "security/oath.nix" ({ ... }: {
    options.security.pam.oath.enable = opt bool false;
  }))

  (module "security/krb5/default.nix" ({ ... }: {
    options.security.krb5.enable = opt bool false;
  }))

  # pam.nix: use_ldap = users.ldap.enable && users.ldap.loginPam.
  (module "config/ldap.nix" ({ ... }: {
    options.users.ldap = {
      enable = mkEnableOption "authentication against an LDAP server";
      loginPam = opt bool true;
    };
  }))

  (module "config/mysql.nix" ({ ... }: {
    options.users.mysql.enable = mkEnableOption "authentication against a MySQL/MariaDB database";
  }))

  # sssd.conf is `config` (lines), copied to /var/lib/sssd/sssd.conf.
  (module "services/misc/sssd.nix" ({ ... }: {
    options.services.sssd = {
      enable = mkEnableOption "the System Security Services Daemon";
      config = opt lines ''
        [sssd]
        config_file_version = 2
        services = nss, pam
        domains = shadowutils

        [nss]

        [pam]

        [domain/shadowutils]
        id_provider = proxy
        proxy_lib_name = files
        auth_provider = proxy
        proxy_pam_target = sssd-shadowutils
        proxy_fast_alias = True
      '';
      sshAuthorizedKeysIntegration = opt bool false;
      kcm = opt bool false;
      environmentFile = opt (nullOr path) null;
    };
  }))

  (module "services/security/kanidm.nix" ({ ... }: {
    options.services.kanidm.enablePam = mkEnableOption "the Kanidm PAM and NSS integration";
  }))

  (module "system/boot/systemd/homed.nix" ({ ... }: {
    options.services.homed.enable = mkEnableOption "systemd home area/user account manager";
  }))

  (module "security/misc.nix" ({ config, ... }: {
    options.security = {
      protectKernelImage = opt bool false;
      allowUserNamespaces = opt bool true;
      allowSimultaneousMultithreading = opt bool true;
    };
    config = mkIf config.security.protectKernelImage {
      boot.kernel.sysctl."kernel.kexec_load_disabled" = mkDefault true;
    };
  }))

  (module "security/lock-kernel-modules.nix" ({ ... }: {
    options.security.lockKernelModules = opt bool false;
  }))

  (module "system/boot/kernel.nix" ({ ... }: {
    options.boot.kernelParams = opt (listOf str) [ ];
  }))

  (module "config/sysctl.nix" ({ ... }: {
    options.boot.kernel.sysctl = opt (freeform (attrsOf (nullOr (oneOf [ bool str int ]))) { }) { };
    config.boot.kernel.sysctl = {
      "kernel.kptr_restrict" = mkDefault 1;
      "vm.max_map_count" = mkDefault 1048576;
    };
  }))

  # sudoers is configFile: the rules (root's and wheel's first), then
  # extraConfig under "# extraConfig".
  (module "security/sudo.nix" ({ config, ... }: {
    options.security.sudo = sudoersOptions "sudo" // {
      enable = opt bool true;
      package = opt package pkgs.sudo;
    };
    config = mkIf config.security.sudo.enable (sudoersConfig "sudo" config.security.sudo);
  }))

  (module "services/networking/firewall.nix" ({ config, ... }:
    let cfg = config.networking.firewall; in {
      options.networking.firewall = firewallPorts // {
        enable = opt bool true;
        interfaces = opt (attrsOf (submodule { options = firewallPorts; })) { };
        trustedInterfaces = opt (listOf str) [ ];
        allowPing = opt bool true;
        pingLimit = opt (nullOr str) null;
        logRefusedConnections = opt bool true;
        logRefusedPackets = opt bool false;
        logRefusedUnicastsOnly = opt bool true;
        rejectPackets = opt bool false;
        checkReversePath = opt (either bool (enum [ "strict" "loose" ])) true;
        logReversePathDrops = opt bool false;
        extraPackages = opt (listOf package) [ ];
      };
      config = mkIf cfg.enable {
        # The firewall always trusts the loopback interface.
        # (its systemd unit lives in firewall-iptables.nix, not imitated here)
        networking.firewall.trustedInterfaces = [ "lo" ];
      };
    }))

  (module "services/networking/nftables.nix" ({ ... }: {
    options.networking.nftables = {
      enable = opt bool false;
      ruleset = opt lines "";
    };
  }))

  # The iptables backend's own shell hooks (only it runs them).
  (module "services/networking/firewall-iptables.nix" ({ ... }: {
    options.networking.firewall = {
      extraCommands = opt lines "";
      extraStopCommands = opt lines "";
    };
  }))

  # The nftables backend's extra rules (only it reads them).
  (module "services/networking/firewall-nftables.nix" ({ ... }: {
    options.networking.firewall = {
      extraInputRules = opt lines "";
      extraForwardRules = opt lines "";
    };
  }))

  (module "tasks/network-interfaces.nix" ({ ... }: {
    options.networking = {
      hostName = opt str "nixos";
      domain = opt (nullOr str) null;
      nameservers = opt (listOf str) [ ];
      search = opt (listOf str) [ ];
      useDHCP = opt bool true;
      useNetworkd = opt bool false;
      enableIPv6 = opt bool true;
    };
  }))

  # ensureProfiles.profiles: sections other than connection.id/type
  # (wifi-security.psk included) are freeform INI (pkgs.formats.ini { });
  # apply drops empty sections (lib.filterAttrsRecursive (n: v: v != { })).
  (module "services/networking/networkmanager.nix" ({ ... }:
    let
      iniAtom = nullOr (oneOf [ bool int types.float str ]);
      filterAttrsRecursive = pred: set: builtins.listToAttrs (builtins.concatMap (name:
        let v = set.${name}; in
        if pred name v
        then [ { inherit name; value = if builtins.isAttrs v then filterAttrsRecursive pred v else v; } ]
        else [ ]) (builtins.attrNames set));
    in {
      options.networking.networkmanager = {
        enable = opt bool false;
        dns = opt (enum [ "default" "dnsmasq" "systemd-resolved" "none" ]) "default";
        ensureProfiles.profiles = mkOption {
          type = attrsOf (freeform (attrsOf (attrsOf iniAtom)) {
            connection.id = optNoDefault str;
            connection.type = optNoDefault str;
          });
          default = { };
          apply = filterAttrsRecursive (_: v: v != { });
        };
      };
    }))

  (module "services/networking/dhcpcd.nix" ({ ... }: {
    options.networking.dhcpcd = {
      enable = opt bool true;
      extraConfig = opt lines "";
    };
  }))

  (module "system/boot/resolved.nix" ({ config, ... }: {
    options.services.resolved.enable = opt bool false;
    config = mkIf config.services.resolved.enable {
      networking.networkmanager.dns = "systemd-resolved";
    };
  }))

  (module "services/networking/unbound.nix" ({ ... }: {
    options.services.unbound = {
      enable = mkEnableOption "Unbound domain name server";
      resolveLocalQueries = opt bool true;
      enableRootTrustAnchor = opt bool true;
      settings = opt (attrsOf anything) { };
    };
  }))

  (module "services/networking/stubby.nix" ({ ... }: {
    options.services.stubby = {
      enable = mkEnableOption "Stubby DNS resolver";
      settings = opt (attrsOf anything) { };
    };
  }))

  (module "services/security/tor.nix" ({ config, ... }:
    let cfg = config.services.tor; in {
      options.services.tor = {
        enable = mkEnableOption "Tor daemon";
        openFirewall = opt bool false;
        client.enable = opt bool false;
        client.dns.enable = opt bool false;
        relay.enable = opt bool false;
        settings = opt (freeform (attrsOf anything) { }) { };
      };
      config = mkIf cfg.enable {
        systemd.services.tor = fakeService "Tor Daemon" "${pkgs.tor}/bin/tor -f /etc/tor/torrc";
      };
    }))

  (module "services/security/torsocks.nix" ({ config, ... }: {
    options.services.tor.torsocks = {
      enable = opt bool (config.services.tor.enable && config.services.tor.client.enable);
      server = opt str "127.0.0.1:9050";
      fasterServer = opt str "127.0.0.1:9063";
      allowInbound = opt bool false;
    };
  }))

  (module "programs/firefox.nix" ({ ... }: {
    options.programs.firefox = {
      enable = mkEnableOption "the Firefox web browser";
      package = opt package pkgs.firefox;
      policies = opt (attrsOf anything) { };
      preferences = opt (attrsOf (oneOf [ bool int str ])) { };
      preferencesStatus = opt (enum [ "default" "locked" "user" "clear" ]) "locked";
    };
  }))

  (module "config/nix.nix" ({ ... }: {
    options.nix = {
      enable = opt bool true;
      settings = opt (freeform (attrsOf anything) {
        trusted-users = opt (listOf str) [ "root" ];
        allowed-users = opt (listOf str) [ "*" ];
        sandbox = opt (either bool (enum [ "relaxed" ])) true;
        require-sigs = opt bool true;
      }) { };
    };
  }))

  (module "services/misc/nix-gc.nix" ({ ... }: {
    options.nix.gc = { automatic = opt bool false; dates = opt str "03:15"; options = opt str ""; persistent = opt bool true; };
  }))

  (module "tasks/auto-upgrade.nix" ({ ... }: {
    options.system.autoUpgrade = {
      enable = opt bool false;
      flake = opt (nullOr str) null;
      operation = opt (enum [ "switch" "boot" ]) "switch";
      dates = opt str "04:40";
      allowReboot = opt bool false;
    };
  }))

  (module "system/boot/loader/systemd-boot/systemd-boot.nix" ({ config, ... }: {
    options.boot.loader.systemd-boot = {
      enable = opt bool false;
      editor = opt bool true;
      configurationLimit = opt (nullOr int) null;
    };
    config = mkIf config.boot.loader.systemd-boot.enable { boot.loader.grub.enable = mkDefault false; };
  }))

  (module "system/boot/luksroot.nix" ({ ... }: {
    options.boot.initrd.luks.devices = opt (attrsOf (submodule ({ name, ... }: {
      options = {
        name = opt str name;
        device = optNoDefault str;
        header = opt (nullOr str) null;
        keyFile = opt (nullOr str) null;
        allowDiscards = opt bool false;
        bypassWorkqueues = opt bool false;
        preLVM = opt bool true;
        fallbackToPassword = opt bool false;
        crypttabExtraOpts = opt (listOf str) [ ];
      };
    }))) { };
  }))

  (module "tasks/filesystems.nix" ({ ... }: {
    options.fileSystems = opt (attrsOf (submodule ({ name, ... }: {
      options = {
        mountPoint = opt str name;
        device = opt (nullOr str) null;
        label = opt (nullOr str) null;
        fsType = opt str "auto";
        options = opt (listOf str) [ "defaults" ];
        neededForBoot = opt bool false;
      };
    }))) { };
  }))

  (module "system/boot/systemd.nix" ({ ... }: {
    options.systemd.services = opt (attrsOf (submodule { options = serviceOptions; })) { };
  }))

  (module "services/printing/cupsd.nix" ({ ... }: {
    options.services.printing = {
      enable = opt bool false;
      openFirewall = opt bool false;
      browsing = opt bool false;
      defaultShared = opt bool false;
      webInterface = opt bool true;
      listenAddresses = opt (listOf str) [ "localhost:631" ];
    };
  }))

  (module "services/networking/avahi-daemon.nix" ({ config, ... }:
    let cfg = config.services.avahi; in {
      options.services.avahi = {
        enable = opt bool false;
        openFirewall = opt bool true;
        publish.enable = opt bool false;
        nssmdns4 = opt bool false;
      };
      config = mkIf cfg.enable {
        networking.firewall.allowedUDPPorts = mkIf cfg.openFirewall [ 5353 ];
        systemd.services.avahi-daemon = fakeService "Avahi mDNS/DNS-SD Stack" "${pkgs.avahi}/sbin/avahi-daemon";
      };
    }))

  (module "services/network-filesystems/samba.nix" ({ config, ... }:
    let cfg = config.services.samba; in {
      options.services.samba = {
        enable = mkEnableOption "Samba, the SMB/CIFS protocol";
        openFirewall = opt bool false;
        settings = opt (freeform (attrsOf (attrsOf (nullOr (oneOf [ bool int str (listOf str) ])))) { }) { };
      };
      config = mkIf cfg.enable {
        networking.firewall.allowedTCPPorts = mkIf cfg.openFirewall [ 139 445 ];
        networking.firewall.allowedUDPPorts = mkIf cfg.openFirewall [ 137 138 ];
        systemd.services.samba-smbd = fakeService "Samba SMB Daemon" "${pkgs.samba}/sbin/smbd --foreground --no-process-group";
      };
    }))

  # rsyncd: since 25.05 (nixpkgs PR #385064; rl-2505: "services.rsyncd.settings
  # now supports only two attributes sections and globalSection") settings has
  # the type of pkgs.formats.iniWithGlobalSection { }: a submodule with exactly
  # the options sections (attrsOf section) and globalSection (a section), both
  # default { }, no freeform keys; a section's values are INI atoms (null,
  # bool, int, float or string; no lists). The module puts the port in
  # globalSection. Left out: sockets.rsync (the imitation declares no
  # systemd.sockets) and the removed options address, extraConfig, motd,
  # user, group (mkRemovedOptionModule).
  (module "services/network-filesystems/rsyncd.nix" ({ config, ... }:
    let
      cfg = config.services.rsyncd;
      iniSection = attrsOf (nullOr (oneOf [ bool int types.float str ]));
      configFile = pkgs.writeText "rsyncd.conf" "";
      security = { NoNewPrivileges = "on"; PrivateDevices = "on"; ProtectSystem = "full"; };
    in {
      options.services.rsyncd = {
        enable = mkEnableOption "the rsync daemon";
        port = opt port 873;
        settings = opt (submodule {
          options = {
            sections = opt (attrsOf iniSection) { };
            globalSection = opt iniSection { };
          };
        }) { };
        socketActivated = opt bool false;
      };
      config = mkIf cfg.enable {
        services.rsyncd.settings.globalSection.port = toString cfg.port;
        systemd.services.rsync = fakeService "fast remote file copy program daemon" "${pkgs.rsync}/bin/rsync --daemon --no-detach --config=${configFile}" // {
          enable = !cfg.socketActivated;
          after = [ "network.target" ];
          aliases = [ "rsyncd.service" ];
          documentation = [ "man:rsync(1)" "man:rsyncd.conf(5)" ];
          serviceConfig = security // {
            ExecStart = "${pkgs.rsync}/bin/rsync --daemon --no-detach --config=${configFile}";
            RestartSec = 1;
          };
        };
        systemd.services."rsync@" = {
          description = "fast remote file copy program daemon";
          after = [ "network.target" ];
          serviceConfig = security // {
            ExecStart = "${pkgs.rsync}/bin/rsync --daemon --config=${configFile}";
            StandardError = "journal";
            StandardInput = "socket";
            StandardOutput = "inherit";
          };
        };
      };
    }))

  # 25.11 added boot.isNspawnContainer (rl-2511) and made it boot.isContainer's
  # default; until 25.05 boot.isContainer defaults to false.
  (module "virtualisation/nixos-containers.nix" ({ config, ... }: {
    options.boot = lib.optionalAttrs (atLeast "25.11") {
      isNspawnContainer = opt bool false;
    } // {
      isContainer = opt bool (if atLeast "25.11" then config.boot.isNspawnContainer else false);
    };
  }))

  # GRUB is on by default outside containers; the other boot loaders' modules
  # turn it off with mkDefault.
  (module "system/boot/loader/grub/grub.nix" ({ config, ... }: {
    options.boot.loader.grub.enable = opt bool (!config.boot.isContainer);
  }))

  # New in 25.05 (rl-2505); secureBoot.enable from 25.11 (rl-2511, nixpkgs
  # PR #408387).
  (module "system/boot/loader/limine/limine.nix" ({ config, ... }: {
    options.boot.loader.limine = lib.optionalAttrs (atLeast "25.11") {
      secureBoot.enable = mkEnableOption "signing the limine binary with sbctl";
    } // {
      enable = mkEnableOption "the Limine Bootloader";
    };
    config = mkIf config.boot.loader.limine.enable {
      boot.loader.grub.enable = mkDefault false;
    };
  }))

  # Enabling sudo-rs turns security.sudo off with mkDefault.
  (module "security/sudo-rs.nix" ({ config, ... }: {
    options.security.sudo-rs = sudoersOptions "sudo-rs" // {
      enable = mkEnableOption "a memory-safe implementation of the sudo command";
      package = opt package pkgs.sudo-rs;
    };
    config = mkIf config.security.sudo-rs.enable (mkMerge [
      { security.sudo.enable = mkDefault false; }
      (sudoersConfig "sudo-rs" config.security.sudo-rs)
    ]);
  }))

  (module "services/misc/gitea.nix" ({ ... }: {
    options.services.gitea.database.password = opt str "";
  }))

  # admin_password defaults to "admin". Undeclared keys are freeform INI
  # (pkgs.formats.ini with listToValue).
  (module "services/monitoring/grafana.nix" ({ ... }:
    let iniAtom = nullOr (oneOf [ bool int types.float str ]); in {
      options.services.grafana.settings = opt (freeform (attrsOf (attrsOf (either iniAtom (listOf iniAtom)))) {
        database.password = opt str "";
        security.admin_password = opt str "admin";
      }) { };
    }))

  (module "services/matrix/synapse.nix" ({ ... }: {
    options.services.matrix-synapse.settings = opt (freeform (attrsOf anything) {
      registration_shared_secret = opt (nullOr str) null;
    }) { };
  }))

  (module "services/databases/redis.nix" ({ ... }: {
    options.services.redis.servers = opt (attrsOf (submodule {
      options.requirePass = opt (nullOr str) null;
    })) { };
  }))

  # gui.password is not declared: it lives in the freeform (JSON) settings.
  (module "services/networking/syncthing.nix" ({ ... }: {
    options.services.syncthing.settings = opt (freeform (attrsOf anything) { }) { };
  }))

  # rpc-password is not declared: it lives in the freeform (JSON) settings.
  (module "services/torrent/transmission.nix" ({ ... }: {
    options.services.transmission.settings = opt (freeform (attrsOf anything) { }) { };
  }))

  (module "services/networking/vsftpd.nix" ({ config, ... }: {
    options.services.vsftpd = {
      enable = mkEnableOption "vsftpd";
      anonymousUser = opt bool false;
      anonymousUserHome = opt path "/home/ftp/";
      localUsers = opt bool false;
      writeEnable = opt bool false;
    };
    config = mkIf config.services.vsftpd.enable {
      systemd.services.vsftpd = fakeService "Vsftpd Server" "${pkgs.vsftpd}/sbin/vsftpd /etc/vsftpd.conf";
    };
  }))

  (module "virtualisation/docker.nix" ({ config, ... }: {
    options.virtualisation.docker = {
      enable = opt bool false;
      listenOptions = opt (listOf str) [ "/run/docker.sock" ];
      daemon.settings = opt (freeform (attrsOf anything) { }) { };
    };
  }))

  (module "services/networking/wpa_supplicant.nix" ({ ... }: {
    options.networking.wireless = {
      enable = mkEnableOption "wpa_supplicant";
      secretsFile = opt (nullOr path) null;
      networks = opt (attrsOf (submodule {
        options = {
          psk = opt (nullOr str) null;
          pskRaw = opt (nullOr str) null;
          hidden = opt bool false;
          priority = opt (nullOr int) null;
        };
      })) { };
    };
  }))

  (module "config/system-path.nix" ({ ... }: {
    options.environment = {
      systemPackages = opt (listOf package) [ ];
      defaultPackages = opt (listOf package) [ pkgs.perl pkgs.rsync pkgs.strace ];
    };
  }))

  (module "services/x11/xserver.nix" ({ ... }: {
    options.services.xserver.enable = opt bool false;
  }))

  # GNOME left the X11 tree in 25.11 (nixpkgs PR #392804): the new module
  # renames services.xserver.desktopManager.gnome.enable to it.
  (if atLeast "25.11" then
    module "services/desktop-managers/gnome.nix" ({ ... }: {
      imports = [ (mkRenamedOptionModule [ "services" "xserver" "desktopManager" "gnome" "enable" ] [ "services" "desktopManager" "gnome" "enable" ]) ];
      options.services.desktopManager.gnome.enable = opt bool false;
    })
  else
    module "services/x11/desktop-managers/gnome.nix" ({ ... }: {
      options.services.xserver.desktopManager.gnome.enable = opt bool false;
    }))

  (module "services/desktop-managers/plasma6.nix" ({ ... }: {
    options.services.desktopManager.plasma6.enable = opt bool false;
  }))

  # Internal, default services.xserver.enable || services.displayManager.enable;
  # programs/wayland/wayland-session.nix sets it to true for the compositor
  # modules that import it (below).
  (module "services/misc/graphical-desktop.nix" ({ config, ... }: {
    options.services.graphical-desktop.enable = mkOption {
      type = bool;
      default = config.services.xserver.enable || config.services.displayManager.enable;
      internal = true;
    };
  }))

  # Wayland compositors (programs/wayland/<name>.nix). None sets
  # services.displayManager.enable or services.xserver.enable: they add
  # their session for a display manager to offer, and a console logon can
  # start them. All import wayland-session.nix (Wayfire since nixpkgs PR
  # #322312, 2024).
  (compositor "sway" "sway" [ ])
  (compositor "hyprland" "hyprland" [ ])
  (compositor "niri" "niri" [ ])
  (compositor "labwc" "labwc" [ ])
  (compositor "wayfire" "wayfire" [ ])

  # river 0.3 became river-classic in 25.11 (rl-2511: "`programs.river` has
  # been renamed to `programs.river-classic`"), declared in the same file.
  # A later nixpkgs moves it to river-classic.nix and declares a new
  # programs.river (river 0.4) in river.nix; whether 26.05 has that split is
  # not established, so 26.05 is modelled as 25.11.
  (if atLeast "25.11" then
    compositor "river" "river-classic" [ (mkRenamedOptionModule [ "programs" "river" ] [ "programs" "river-classic" ]) ]
  else
    compositor "river" "river" [ ])

  # cage runs one program as services.cage.user on tty1, logged in by its
  # own PAM service; no display manager.
  (module "services/wayland/cage.nix" ({ ... }: {
    options.services.cage = {
      enable = mkEnableOption "cage kiosk service";
      user = opt str "demo";
    };
  }))

  # tftpd runs in.tftpd through xinetd: it turns xinetd on and adds its
  # service "tftp".
  (module "services/networking/tftpd.nix" ({ config, ... }: {
    options.services.tftpd = {
      enable = opt bool false;
      path = opt path "/srv/tftp";
    };
    config = mkIf config.services.tftpd.enable {
      services.xinetd.enable = true;
      services.xinetd.services = [ { name = "tftp"; protocol = "udp"; server = "${pkgs.netkittftp}/sbin/in.tftpd"; serverArgs = "${config.services.tftpd.path}"; } ];
    };
  }))

  (module "services/networking/xinetd.nix" ({ config, ... }: {
    options.services.xinetd = {
      enable = mkEnableOption "the xinetd super-server daemon";
      services = opt (listOf (submodule {
        options = {
          name = optNoDefault str;
          protocol = opt str "tcp";
          port = opt int 0;
          user = opt str "nobody";
          server = optNoDefault str;
          serverArgs = opt str "";
          flags = opt str "";
          unlisted = opt bool false;
          extraConfig = opt lines "";
        };
      })) [ ];
    };
    config = mkIf config.services.xinetd.enable {
      systemd.services.xinetd = {
        description = "xinetd server";
        after = [ "network.target" ];
        wantedBy = [ "multi-user.target" ];
        path = [ pkgs.xinetd ];
        script = "exec xinetd -syslog daemon -dontfork -stayalive -f /etc/xinetd.conf";
      };
    };
  }))

  (module "services/networking/atftpd.nix" ({ config, ... }: {
    options.services.atftpd = {
      enable = opt bool false;
      root = opt path "/srv/tftp";
    };
    config = mkIf config.services.atftpd.enable {
      systemd.services.atftpd = fakeService "TFTP Server" "${pkgs.atftp}/sbin/atftpd --daemon --no-fork --bind-address 0.0.0.0 ${config.services.atftpd.root}" // {
        after = [ "network.target" ];
      };
    };
  }))

  # The release is lib.trivial.release, read-only; stateVersion defaults
  # to it (with a warning the imitation leaves out).
  (module "misc/version.nix" ({ ... }: {
    options.system.nixos.release = mkOption { type = str; default = release; readOnly = true; };
    options.system.stateVersion = opt str release;
  }))

  # No built-in rule reads it: examples/policies/org002.rego does.
  (module "config/locale.nix" ({ ... }: {
    options.time.timeZone = opt (nullOr str) null;
  }))

  # ------------------------------------------------------------------
  # Options the Anduril NixOS STIG's checks read (docs/nixos-releases.md,
  # "STIG options"). Each module names the nixpkgs file it stands in for.

  # /etc/login.defs: settings is a freeform keyValue set with these keys
  # declared (the same keys and defaults in every version read); the file is
  # pkgs.writeText "login.defs" of "KEY VALUE" lines. shadow.nix also
  # declares the PAM services of the shadow tools (login's are in pam.nix
  # here).
  (module "programs/shadow.nix" ({ config, ... }:
    let
      cfg = config.security.loginDefs;
      u32 = types.ints.u32;
      render = s: lib.concatStrings (lib.mapAttrsToList (k: v: "${k} ${toString v}\n") s);
    in {
      options.security.loginDefs = {
        package = opt package pkgs.shadow;
        chfnRestrict = opt (nullOr str) null;
        settings = opt (submodule {
          freeformType = attrsOf (oneOf [ bool int types.float str ]);
          options = {
            DEFAULT_HOME = opt (enum [ "yes" "no" ]) "yes";
            ENCRYPT_METHOD = opt (enum [ "YESCRYPT" "SHA512" "SHA256" "MD5" "DES" ]) "YESCRYPT";
            GID_MAX = opt u32 29999;
            GID_MIN = opt u32 1000;
            SYS_GID_MAX = opt u32 999;
            SYS_GID_MIN = opt u32 400;
            SYS_UID_MAX = opt u32 999;
            SYS_UID_MIN = opt u32 400;
            TTYGROUP = opt str "tty";
            TTYPERM = opt str "0620";
            UID_MAX = opt u32 29999;
            UID_MIN = opt u32 1000;
            UMASK = opt str "077";
          };
        }) { };
      };
      config = {
        security.loginDefs.settings.CHFN_RESTRICT = mkIf (cfg.chfnRestrict != null) cfg.chfnRestrict;
        environment.etc = {
          "login.defs".source = pkgs.writeText "login.defs" (render cfg.settings);
          "default/useradd".source = pkgs.writeText "useradd" "GROUP=100\nHOME=/home\n";
        };
        security.pam.services = {
          chfn.rootOK = true;
          chpasswd.rootOK = true;
          chsh.rootOK = true;
          passwd = { };
          useradd.rootOK = true;
          usermod.rootOK = true;
          userdel.rootOK = true;
        };
      };
    }))

  # The console greeting: /etc/issue is greetingLine and helpLine
  # (mkDefault). helpLine is the manual hint when the NixOS manual is
  # installed (documentation.nixos.enable && documentation.doc.enable,
  # both on by default); the real greetingLine shows system.nixos.label,
  # the imitation the release.
  (module "services/ttys/getty.nix" ({ config, ... }:
    let cfg = config.services.getty; in {
      options.services.getty = {
        autologinUser = opt (nullOr str) null;
        autologinOnce = opt bool false;
        loginProgram = opt path "${pkgs.shadow}/bin/login";
        loginOptions = opt (nullOr str) null;
        extraArgs = opt (listOf str) [ ];
        greetingLine = optNoDefault str;
        helpLine = opt lines "";
      };
      config = {
        services.getty.greetingLine = mkDefault ''<<< Welcome to NixOS ${config.system.nixos.release} (\m) - \l >>>'';
        services.getty.helpLine = mkIf (config.documentation.nixos.enable && config.documentation.doc.enable) "\nRun 'nixos-help' for the NixOS manual.";
        environment.etc.issue = mkDefault {
          source = pkgs.writeText "issue" "\n${cfg.greetingLine}\n${cfg.helpLine}\n\n";
        };
      };
    }))

  (module "misc/documentation.nix" ({ ... }: {
    options.documentation = {
      enable = opt bool true;
      doc.enable = opt bool true;
      nixos.enable = opt bool true;
    };
  }))

  (module "config/networking.nix" ({ ... }: {
    options.networking.timeServers = opt (listOf str) [
      "0.nixos.pool.ntp.org" "1.nixos.pool.ntp.org" "2.nixos.pool.ntp.org" "3.nixos.pool.ntp.org"
    ];
  }))

  # timesyncd is on outside containers; servers default to
  # networking.timeServers; /etc/systemd/timesyncd.conf holds both. (Its
  # unit and systemd-timesync user are left out: testdata/realshape was
  # recorded without this module.)
  (module "system/boot/timesyncd.nix" ({ config, ... }:
    let cfg = config.services.timesyncd; in {
      options.services.timesyncd = {
        enable = opt bool (!config.boot.isContainer);
        servers = opt (listOf str) config.networking.timeServers;
        extraConfig = opt lines "";
      };
      config = mkIf cfg.enable {
        environment.etc."systemd/timesyncd.conf".text = ''
          [Time]
          NTP=${builtins.concatStringsSep " " cfg.servers}
          ${cfg.extraConfig}
        '';
      };
    }))

  # journald: `audit` is null (leave the kernel's audit state alone) unless
  # set; journald.conf carries Audit= only when it is set.
  (module "system/boot/systemd/journald.nix" ({ config, ... }:
    let cfg = config.services.journald; in {
      options.services.journald = {
        console = opt str "";
        rateLimitInterval = opt str "30s";
        rateLimitBurst = opt int 10000;
        storage = opt (enum [ "persistent" "volatile" "auto" "none" ]) "persistent";
        audit = opt (nullOr bool) null;
        extraConfig = opt lines "";
        forwardToSyslog = opt bool config.services.syslog-ng.enable;
      };
      config.environment.etc."systemd/journald.conf".text = ''
        [Journal]
        Storage=${cfg.storage}
        RateLimitInterval=${cfg.rateLimitInterval}
        RateLimitBurst=${toString cfg.rateLimitBurst}
      '' + lib.optionalString (cfg.console != "") "ForwardToConsole=yes\nTTYPath=${cfg.console}\n"
        + lib.optionalString cfg.forwardToSyslog "ForwardToSyslog=yes\n"
        + lib.optionalString (cfg.audit != null) "Audit=${if cfg.audit then "yes" else "no"}\n"
        + cfg.extraConfig;
    }))

  # journal-upload: settings is a systemd-INI freeform set whose Upload
  # section declares URL (no default) and four nullable keys.
  (module "services/logging/systemd-journal-upload.nix" ({ config, ... }:
    let
      cfg = config.services.journald.upload;
      iniAtom = nullOr (oneOf [ bool int str (listOf (oneOf [ bool int str ])) ]);
    in {
      options.services.journald.upload = {
        enable = mkEnableOption "uploading the systemd journal to a remote server";
        settings = opt (submodule {
          freeformType = attrsOf (attrsOf iniAtom);
          options.Upload = {
            URL = optNoDefault str;
            ServerKeyFile = opt (nullOr str) null;
            ServerCertificateFile = opt (nullOr str) null;
            TrustedCertificateFile = opt (nullOr str) null;
            NetworkTimeoutSec = opt (nullOr str) null;
          };
        }) { };
      };
      config = mkIf cfg.enable {
        environment.etc."systemd/journal-upload.conf".source = pkgs.writeText "journal-upload.conf" "";
        systemd.services.systemd-journal-upload = {
          wantedBy = [ "multi-user.target" ];
          serviceConfig = { Restart = "always"; RestartSec = "3sec"; };
        };
      };
    }))

  (module "services/logging/syslog-ng.nix" ({ config, ... }:
    let cfg = config.services.syslog-ng; in {
      options.services.syslog-ng = {
        enable = opt bool false;
        package = opt package pkgs.syslogng;
        extraModulePaths = opt (listOf str) [ ];
        extraConfig = opt lines "";
        configHeader = opt lines ''
          @version: 4.4
          @include "scl.conf"
        '';
      };
      config = mkIf cfg.enable {
        systemd.services.syslog-ng = fakeService "syslog-ng daemon" "${cfg.package}/sbin/syslog-ng --foreground" // {
          after = [ "multi-user.target" ];
        };
      };
    }))

  (module "services/hardware/bluetooth.nix" ({ config, ... }: {
    options.hardware.bluetooth = {
      enable = mkEnableOption "support for Bluetooth";
      powerOnBoot = opt bool true;
    };
    config = mkIf config.hardware.bluetooth.enable {
      environment.systemPackages = [ pkgs.bluez ];
      systemd.services.bluetooth = { wantedBy = [ "bluetooth.target" ]; aliases = [ "dbus-org.bluez.service" ]; };
    };
  }))

  # Automatic login for every display manager: a submodule whose enable
  # defaults to `user != null`. The X11-era services.xserver.displayManager.autoLogin
  # is a rename of it (the whole subtree); GDM's own autoLogin.{enable,user}
  # are renames of its keys.
  (module "services/display-managers/default.nix" ({ ... }: {
    imports = [
      (mkRenamedOptionModule [ "services" "xserver" "displayManager" "autoLogin" ] [ "services" "displayManager" "autoLogin" ])
    ];
    options.services.displayManager = {
      enable = mkEnableOption "systemd's display-manager service";
      autoLogin = opt (submodule ({ config, ... }: {
        options = {
          enable = opt bool (config.user != null);
          user = opt (nullOr str) null;
        };
      })) { };
    };
  }))

  # GDM moved out of the X11 tree with GNOME in 25.11 (nixpkgs PR #392804):
  # services.displayManager.gdm.* with the services.xserver.displayManager.gdm.*
  # names as renames. banner becomes the login screen's banner message
  # (dconf org/gnome/login-screen banner-message-*).
  (let
    gdmOptions = {
      enable = mkEnableOption "GDM, the GNOME Display Manager";
      autoLogin.delay = opt int 0;
      autoSuspend = opt bool true;
      banner = opt (nullOr lines) null;
      debug = mkEnableOption "debugging messages in GDM";
      settings = opt (attrsOf (attrsOf (nullOr (oneOf [ bool int str ])))) { };
    };
    gdmConfig = cfg: mkIf cfg.enable {
      services.displayManager.enable = true;
      programs.dconf.profiles.gdm.databases = lib.optionals (cfg.banner != null) [
        { settings."org/gnome/login-screen" = { banner-message-enable = true; banner-message-text = cfg.banner; }; }
      ];
    };
    xdm = [ "services" "xserver" "displayManager" "gdm" ];
    dm = [ "services" "displayManager" ];
  in if atLeast "25.11" then
    module "services/display-managers/gdm.nix" ({ config, ... }: {
      imports = [
        (mkRenamedOptionModule (xdm ++ [ "autoLogin" "enable" ]) (dm ++ [ "autoLogin" "enable" ]))
        (mkRenamedOptionModule (xdm ++ [ "autoLogin" "user" ]) (dm ++ [ "autoLogin" "user" ]))
      ] ++ map (o: mkRenamedOptionModule (xdm ++ [ o ]) (dm ++ [ "gdm" o ]))
        [ "enable" "debug" "banner" "settings" "autoSuspend" ]
        ++ [ (mkRenamedOptionModule (xdm ++ [ "autoLogin" "delay" ]) (dm ++ [ "gdm" "autoLogin" "delay" ])) ];
      options.services.displayManager.gdm = gdmOptions;
      config = gdmConfig config.services.displayManager.gdm;
    })
  else
    module "services/x11/display-managers/gdm.nix" ({ config, ... }: {
      imports = [
        (mkRenamedOptionModule (xdm ++ [ "autoLogin" "enable" ]) (dm ++ [ "autoLogin" "enable" ]))
        (mkRenamedOptionModule (xdm ++ [ "autoLogin" "user" ]) (dm ++ [ "autoLogin" "user" ]))
      ];
      options.services.xserver.displayManager.gdm = gdmOptions;
      config = gdmConfig config.services.xserver.displayManager.gdm;
    }))

  # dconf profiles: a profile is a package or path, or a set of user-db
  # flag and databases (each a path/package or { settings; locks; lockAll; }).
  (module "programs/dconf.nix" ({ ... }:
    let
      dbType = either (either path package) (submodule {
        options = {
          keyfiles = opt (listOf (either path package)) [ ];
          settings = opt (attrsOf (attrsOf anything)) { };
          locks = opt (listOf str) [ ];
          lockAll = opt bool false;
        };
      });
      profileType = either (either path package) (submodule {
        options = {
          enableUserDb = opt bool true;
          databases = opt (listOf dbType) [ ];
        };
      });
    in {
      options.programs.dconf = {
        enable = opt bool false;
        profiles = opt (attrsOf profileType) { };
      };
    }))

  (module "services/x11/xautolock.nix" ({ config, ... }: {
    options.services.xserver.xautolock = {
      enable = mkEnableOption "xautolock";
      enableNotifier = mkEnableOption "xautolock.notify";
      time = opt int 15;
      locker = opt str "${pkgs.xlockmore}/bin/xlock";
      nowlocker = opt (nullOr str) null;
      notify = opt int 10;
      notifier = opt (nullOr str) null;
      killer = opt (nullOr str) null;
      killtime = opt int 20;
      extraOptions = opt (listOf str) [ ];
    };
    config = mkIf config.services.xserver.xautolock.enable {
      environment.systemPackages = [ pkgs.xautolock ];
    };
  }))

  # logind: until 25.05 a few typed options and extraConfig; from 25.11
  # (the RFC 42 conversion to settings.Login) a freeform Login section, the
  # old typed options renames of its keys.
  (if atLeast "25.11" then
    module "system/boot/systemd/logind.nix" ({ config, ... }:
      let login = [ "services" "logind" ]; in {
        imports = map (p: mkRenamedOptionModule (login ++ [ p.old ]) (login ++ [ "settings" "Login" p.new ])) [
          { old = "killUserProcesses"; new = "KillUserProcesses"; }
          { old = "lidSwitch"; new = "HandleLidSwitch"; }
          { old = "lidSwitchDocked"; new = "HandleLidSwitchDocked"; }
          { old = "lidSwitchExternalPower"; new = "HandleLidSwitchExternalPower"; }
        ];
        options.services.logind.settings.Login = opt (attrsOf unitOption) { };
        config.environment.etc."systemd/logind.conf".text = "[Login]\n"
          + lib.concatStrings (lib.mapAttrsToList (k: v: "${k}=${if builtins.isBool v then (if v then "yes" else "no") else toString v}\n")
              config.services.logind.settings.Login);
      })
  else
    module "system/boot/systemd/logind.nix" ({ config, ... }:
      let
        cfg = config.services.logind;
        handler = enum [ "ignore" "poweroff" "reboot" "halt" "kexec" "suspend" "hibernate" "hybrid-sleep" "suspend-then-hibernate" "lock" ];
      in {
        options.services.logind = {
          extraConfig = opt lines "";
          killUserProcesses = opt bool false;
          lidSwitch = opt handler "suspend";
          lidSwitchDocked = opt handler "ignore";
          lidSwitchExternalPower = opt handler cfg.lidSwitch;
        };
        config.environment.etc."systemd/logind.conf".text = ''
          [Login]
          KillUserProcesses=${if cfg.killUserProcesses then "yes" else "no"}
          HandleLidSwitch=${cfg.lidSwitch}
          HandleLidSwitchDocked=${cfg.lidSwitchDocked}
          HandleLidSwitchExternalPower=${cfg.lidSwitchExternalPower}
          ${cfg.extraConfig}
        '';
      }))
]
