#!/usr/bin/env bash
# Builds the sample federation from scratch: two admins, the ECIU universities of members.tsv
# (plus Maynooth University as an associated member and Tecnológico de Monterrey outside the
# EEA), one node directory each, every admission signed by both admins, and the resulting trust
# list imported into every node, pinned.
#
#   ./Network/sample/build.sh            # everything under .credex-federation/ (replaced)
#   FEDERATION_DIR=/some/dir ./Network/sample/build.sh
#
# The admins' steps are the ones a real federation follows (Network/ADMINS.md): a candidate
# writes a signed join request; an admin checks it out of band and proposes the admission; each
# admin signs the proposal offline with their own key; one publishes it.
set -euo pipefail
cd "$(dirname "$0")/../.."

# CREDEX may name an already built binary (CI reuses the test build's).
if [ -z "${CREDEX:-}" ]; then
    swift build --product credex
    CREDEX="$(swift build --show-bin-path)/credex"
fi
credex="$CREDEX"
root="${FEDERATION_DIR:-$PWD/.credex-federation}"
federation="urn:credex:federation:eciu-sample"
rm -rf "$root"
mkdir -p "$root/admins" "$root/requests" "$root/proposals" "$root/nodes"

# 1. Two admins, each with an offline key (never a node's key).
alice=$("$credex" trust keygen --out "$root/admins/alice.pem")
bob=$("$credex" trust keygen --out "$root/admins/bob.pem")
echo "admins: Alice $alice, Bob $bob (threshold 2)"

sign_and_publish() { # proposal, node that publishes
    "$credex" trust sign "$1" --key "$root/admins/alice.pem" >/dev/null
    "$credex" trust sign "$1" --key "$root/admins/bob.pem" >/dev/null
    "$credex" trust publish "$1" --dir "$2" >/dev/null
}

# 2. One node per member, each writing its join request.
first=""
while IFS=$'\t' read -r node_id name country schac erasmus eea adequacy transport port; do
    [[ $node_id == \#* || -z $node_id ]] && continue
    short=${schac%%.*}
    dir="$root/nodes/$short"
    "$credex" init --dir "$dir" --node-id "$node_id" --federation "$federation" --name "$name" \
        --country "$country" --host localhost >/dev/null
    flags=(--institution "$name" --country "$country" --schac "$schac")
    [[ $erasmus != "-" ]] && flags+=(--erasmus "$erasmus")
    [[ $eea == yes ]] && flags+=(--eea) || flags+=(--no-eea)
    [[ $adequacy == yes ]] && flags+=(--adequacy)
    "$credex" trust request --dir "$dir" --endpoint "https://127.0.0.1:$port" --transport "$transport" \
        "${flags[@]}" --out "$root/requests/$short.json"
    if [[ -z $first ]]; then
        first=$dir
        # 3. The first version: the admins alone, published at the first node.
        "$credex" trust init --federation "$federation" --name "ECIU sample federation" \
            --admin "$alice=Alice" --admin "$bob=Bob" --threshold 2 --out "$root/proposals/v1.json"
        sign_and_publish "$root/proposals/v1.json" "$first"
    fi
    # 4. Each admission: checked out of band (see ADMINS.md), proposed, signed by both, published.
    proposal="$root/proposals/admit-$short.json"
    "$credex" trust propose --dir "$first" --admit "$root/requests/$short.json" \
        --attest legalName --attest country --attest schacDomain --out "$proposal"
    sign_and_publish "$proposal" "$first"
    echo "admitted $node_id ($name, $country)"
done < Network/sample/members.tsv

# 5. Every other node imports the list, pinned to the version it was handed.
"$credex" trust export --dir "$first" --out "$root/trustlist.jsonl"
pin=$("$credex" trust show --dir "$first" --json | sed -n 's/.*"contentId" *: *"\([0-9a-f]*\)".*/\1/p' | head -1)
for dir in "$root"/nodes/*; do
    [[ $dir == "$first" ]] && continue
    "$credex" trust import "$root/trustlist.jsonl" --dir "$dir" --pin "$pin" >/dev/null
done

"$credex" trust show --dir "$first"
cat <<EOM

Federation built in $root:
  admins/       the admins' keys (Alice, Bob; threshold 2)
  nodes/        one node directory per member, each holding the signed trust list
  proposals/    every signed version, in order
  trustlist.jsonl  the whole list, as a joining node imports it (pin: $pin)
Run a member:  $credex node run --dir $root/nodes/dcu --peer-listen 127.0.0.1:7441
EOM
