#!/usr/bin/env python3
"""Generates marvdash's compact Kubernetes 1.30 schema from kubernetes-validate's JSON schemas.

Input: `_definitions.json` of kubernetes-validate (PyPI), the OpenAPI v2 definitions of
Kubernetes 1.30 turned into JSON Schema. Only the definitions reachable from the kinds in
ROOT_KINDS are kept. Two Swift sources are written next to this folder, in Generated/:

- KubeSchemaTable.swift: one block per definition, one line per field (type, patch
  strategy and merge key, list type and keys, map type), read by KubeSchema at first use.
- KubeSchemaDocs.swift: every description (definitions and fields), zlib-compressed and
  base64-encoded, read only to serve OpenAPI documents (kubectl explain).

Run `make schema` (it installs kubernetes-validate in .venv first); commit both outputs.
"""
import argparse
import base64
import glob
import json
import os
import sys
import zlib

# (group, version, kind) of every kind the embedded cluster serves or will serve.
ROOT_KINDS = [
    ("", "v1", k) for k in [
        "Node", "Namespace", "Pod", "Service", "Endpoints", "ConfigMap", "Secret", "Event",
        "ServiceAccount", "PersistentVolumeClaim", "PersistentVolume",
    ]
] + [
    ("apps", "v1", k) for k in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision"]
] + [
    ("batch", "v1", "Job"), ("batch", "v1", "CronJob"),
    ("networking.k8s.io", "v1", "Ingress"), ("networking.k8s.io", "v1", "IngressClass"),
] + [
    ("rbac.authorization.k8s.io", "v1", k) for k in ["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"]
] + [
    ("storage.k8s.io", "v1", "StorageClass"),
    ("autoscaling", "v1", "HorizontalPodAutoscaler"), ("autoscaling", "v1", "Scale"),
    ("autoscaling", "v2", "HorizontalPodAutoscaler"),
    ("policy", "v1", "PodDisruptionBudget"), ("policy", "v1", "Eviction"),
    ("discovery.k8s.io", "v1", "EndpointSlice"),
    ("authorization.k8s.io", "v1", "SelfSubjectAccessReview"),
    ("authentication.k8s.io", "v1", "SelfSubjectReview"),
    ("events.k8s.io", "v1", "Event"),
]

# Definitions that are one value on the wire, not a struct of fields.
ALIASES = {
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "quantity",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "int-or-string",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "string/date-time",
    "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "string/date-time",
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "any",
    "io.k8s.apimachinery.pkg.runtime.RawExtension": "any",
}

PREFIX = "#/$defs/"


def ref_name(ref):
    if not ref.startswith(PREFIX):
        sys.exit(f"generate_schema: unexpected $ref {ref!r}; expected {PREFIX}NAME")
    return ref[len(PREFIX):]


def base_type(schema):
    t = schema.get("type")
    if isinstance(t, list):
        t = [x for x in t if x != "null"]
        if len(t) != 1:
            sys.exit(f"generate_schema: ambiguous type {schema.get('type')!r}")
        t = t[0]
    return t


def type_token(schema, where):
    """The compact type of a field: string[/format], integer/int32, []T, {}T, #Def, any."""
    if "$ref" in schema:
        return "#" + ref_name(schema["$ref"])
    t = base_type(schema)
    if t == "array":
        return "[]" + type_token(schema.get("items") or {}, where + "[]")
    if t == "object":
        ap = schema.get("additionalProperties")
        if isinstance(ap, dict):
            return "{}" + type_token(ap, where + "{}")
        return "any"
    if t in ("string", "integer", "number", "boolean"):
        f = schema.get("format")
        return t + ("/" + f if f else "")
    if t is None:
        return "any"
    sys.exit(f"generate_schema: unsupported type {t!r} at {where}")


def refs(schema):
    if isinstance(schema, dict):
        for k, v in schema.items():
            if k == "$ref":
                yield ref_name(v)
            else:
                yield from refs(v)
    elif isinstance(schema, list):
        for v in schema:
            yield from refs(v)


def reachable(defs, roots):
    seen, stack = set(), list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        if name not in defs:
            sys.exit(f"generate_schema: {name} is referenced but not defined")
        seen.add(name)
        stack.extend(refs(defs[name]))
    return sorted(seen)


def check_token(text, what):
    if not text or any(c.isspace() for c in text) or "=" in text:
        sys.exit(f"generate_schema: {what} {text!r} cannot be written in the table")
    return text


def table(defs, names, gvks):
    lines = []
    for name in names:
        d = defs[name]
        head = ["D", name]
        if name in gvks:
            head.append("gvk=" + ",".join(f"{g}/{v}/{k}" for g, v, k in gvks[name]))
        if name in ALIASES:
            head.append("alias=" + ALIASES[name])
        else:
            if base_type(d) != "object":
                sys.exit(f"generate_schema: {name} is neither an object nor a known alias")
            if d.get("required"):
                head.append("required=" + ",".join(check_token(r, "field") for r in d["required"]))
            for ext, key in (("x-kubernetes-map-type", "map"),):
                if ext in d:
                    head.append(f"{key}={d[ext]}")
        lines.append(" ".join(head))
        if name in ALIASES:
            continue
        for prop, schema in d.get("properties", {}).items():
            parts = [" ", check_token(prop, "field"), type_token(schema, f"{name}.{prop}")]
            if "x-kubernetes-patch-strategy" in schema:
                parts.append("patch=" + check_token(schema["x-kubernetes-patch-strategy"], "patch strategy"))
            if "x-kubernetes-patch-merge-key" in schema:
                parts.append("key=" + check_token(schema["x-kubernetes-patch-merge-key"], "merge key"))
            if "x-kubernetes-list-type" in schema:
                parts.append("list=" + schema["x-kubernetes-list-type"])
            if "x-kubernetes-list-map-keys" in schema:
                parts.append("keys=" + ",".join(schema["x-kubernetes-list-map-keys"]))
            if "x-kubernetes-map-type" in schema:
                parts.append("map=" + schema["x-kubernetes-map-type"])
            lines.append(" ".join(parts).replace("  ", " ", 1))
    return lines


def docs(defs, names):
    out = {}
    for name in names:
        d = defs[name]
        entry = {}
        if d.get("description"):
            entry[""] = d["description"]
        for prop, schema in d.get("properties", {}).items():
            if schema.get("description"):
                entry[prop] = schema["description"]
        if entry:
            out[name] = entry
    return out


def swift_string_lines(text, width=120):
    return [text[i:i + width] for i in range(0, len(text), width)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--definitions", help="path to _definitions.json (default: found in .venv)")
    parser.add_argument("--out", required=True, help="folder for the generated Swift sources")
    args = parser.parse_args()

    path = args.definitions
    if not path:
        found = glob.glob(".venv/lib/python3*/site-packages/kubernetes_validate/kubernetes-json-schema/"
                          "v1.30.0-local-strict/_definitions.json")
        if not found:
            sys.exit("generate_schema: kubernetes-validate is not in .venv; run 'make pyvenv' or pass --definitions")
        path = found[0]
    with open(path, encoding="utf-8") as f:
        defs = json.load(f)["$defs"]

    gvks, roots = {}, []
    wanted = set(ROOT_KINDS)
    for name, d in defs.items():
        for g in d.get("x-kubernetes-group-version-kind", []):
            key = (g["group"], g["version"], g["kind"])
            if key in wanted:
                gvks.setdefault(name, []).append(key)
                roots.append(name)
    missing = wanted - {k for ks in gvks.values() for k in ks}
    if missing:
        sys.exit(f"generate_schema: kinds not in the definitions: {sorted(missing)}")

    names = reachable(defs, roots)
    lines = table(defs, names, gvks)
    doc_json = json.dumps(docs(defs, names), separators=(",", ":"), sort_keys=True).encode("utf-8")
    packed = base64.b64encode(zlib.compress(doc_json, 9)).decode("ascii")

    source = os.path.basename(os.path.dirname(os.path.dirname(os.path.dirname(path))))
    header = (f"// Generated by Sources/MarvelCore/Kube/Schema/Generator/generate_schema.py (make schema)\n"
              f"// from kubernetes-validate's {source} v1.30.0 definitions. Do not edit.\n")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "KubeSchemaTable.swift"), "w", encoding="utf-8") as f:
        f.write(header)
        f.write("\n/// The field types of the Kubernetes 1.30 kinds marvdash serves, one block per definition.\n")
        f.write("enum KubeSchemaTable {\n")
        f.write(f"    static let definitionCount = {len(names)}\n")
        f.write("    static let text = \"\"\"\n")
        for line in lines:
            f.write("        " + line.replace("\\", "\\\\") + "\n")
        f.write("        \"\"\"\n}\n")
    with open(os.path.join(args.out, "KubeSchemaDocs.swift"), "w", encoding="utf-8") as f:
        f.write(header)
        f.write("\n/// The descriptions of every definition and field in KubeSchemaTable, as zlib-compressed\n")
        f.write("/// JSON `{definition: {\"\": description, field: description}}`, base64 in lines.\n")
        f.write("enum KubeSchemaDocs {\n")
        f.write(f"    static let uncompressedSize = {len(doc_json)}\n")
        f.write("    static let zlibBase64 = \"\"\"\n")
        for chunk in swift_string_lines(packed):
            f.write("        " + chunk + "\n")
        f.write("        \"\"\"\n}\n")
    print(f"generate_schema: {len(names)} definitions ({len(roots)} kinds), {len(lines)} lines, "
          f"docs {len(doc_json)} bytes -> {len(packed)} base64")


if __name__ == "__main__":
    main()
