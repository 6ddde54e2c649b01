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

  # Until 25.05 auditd.nix turned the kernel's audit on itself (audit=1);
  # from 25.11 (nixpkgs PRs #429553, #432238) it sets security.audit.enable
  # with mkDefault, and audit.nix adds audit=1 when that is on.
  (module "security/auditd.nix" ({ config, ... }: {
    options.security.auditd = {
      enable = mkEnableOption "the Linux Audit daemon";
      settings = opt (freeform (attrsOf (nullOr (oneOf [ bool int str path ]))) { }) { };
    };
    config = mkIf config.security.auditd.enable (mkMerge [
      {
        systemd.services.auditd = fakeService "Security Audit Logging Service" "${pkgs.audit}/bin/auditd -l -n -s nochange" // {
          wantedBy = [ "sysinit.target" ];
          before = [ "sysinit.target" "shutdown.target" ];
        };
      }
      (if atLeast "25.11" then { security.audit.enable = mkDefault true; } else { boot.kernelParams = [ "audit=1" ]; })
    ]);
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
        ${rule "session" "required" "${lib'}/pam_unix.so" [ ] "unix" 10200}
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
          };
          config.text = mkDefault (render config);
        }))) { };
        u2f.enable = opt bool false;
        p11.enable = opt bool false;
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

  (module "system/etc/etc.nix" ({ ... }: {
    options.environment.etc = opt (attrsOf (submodule {
      options = {
        enable = opt bool true;
        text = opt (nullOr lines) null;
        source = optNoDefault (either path package);
        mode = opt str "symlink";
      };
    })) { };
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

  (module "services/misc/sssd.nix" ({ ... }: {
    options.services.sssd.enable = mkEnableOption "the System Security Services Daemon";
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

  (module "security/sudo.nix" ({ ... }: {
    options.security.sudo = {
      enable = opt bool true;
      wheelNeedsPassword = opt bool true;
      execWheelOnly = opt bool false;
      extraConfig = opt lines "";
    };
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
    options.networking.nftables.enable = opt bool false;
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
    options.security.sudo-rs = {
      enable = mkEnableOption "a memory-safe implementation of the sudo command";
      wheelNeedsPassword = opt bool true;
      execWheelOnly = opt bool false;
    };
    config = mkIf config.security.sudo-rs.enable {
      security.sudo.enable = mkDefault false;
    };
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
]
