// A YAML document read with libyaml, for the readers of scenario and tournament files
// (src/io/native_yaml.cpp, src/tournament/spec.cpp, through support/yaml_fields.hpp).
//
// libyaml parses into events; Document keeps them as a tree of nodes in a few flat arrays (no
// node owns another, nothing is freed one node at a time), each node with the line and column it
// starts at. It reads what yaml-cpp's YAML::Load read, with the same tree, in about a seventh of
// the instructions (docs/performance.md, "Start-up"); yaml-cpp is kept for writing.
//
// The tree, as the readers see it:
//  - a plain scalar without a tag spelled "", "~", "null", "Null" or "NULL" is null (YAML 1.2's
//    core schema, as yaml-cpp has it); every other scalar is text, quoted or not, tagged or not;
//  - mappings keep their entries in file order, duplicate keys included (the readers refuse
//    them with the key's line);
//  - an alias is the node its anchor names (the same node, not a copy, so an alias bomb costs
//    no memory); an alias inside the node it names (a cycle) and an alias to no anchor are
//    refused;
//  - one document per text: a second one, or text after the first that starts none, is refused
//    (yaml-cpp's YAML::Load never read past the first);
//  - collections nested deeper than the limit are refused before the tree is built.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace parley::detail::yaml {

// A place in the text, counted from 0 (line, and column in characters); line -1: nowhere.
struct Mark {
  long line = -1;
  long column = -1;
  bool is_null() const { return line < 0; }
};

// The text is not YAML: its syntax, an undefined or cyclic alias, more than one document; or not
// UTF-8 without control characters (encoding); or it nests deeper than the limit (too_deep, with
// the depth reached).
class ParseError : public std::runtime_error {
 public:
  enum class Kind { syntax, encoding, too_deep };
  ParseError(const std::string& message, Mark mark, Kind kind = Kind::syntax, long depth = 0)
      : std::runtime_error(message), mark_(mark), kind_(kind), depth_(depth) {}
  Mark mark() const { return mark_; }
  Kind kind() const { return kind_; }
  bool too_deep() const { return kind_ == Kind::too_deep; }
  long depth() const { return depth_; }

 private:
  Mark mark_;
  Kind kind_;
  long depth_;
};

class Document;
struct Entry;

// A node of a Document, or no node (undefined: a key that is not there, an item past the end).
// A light handle: copy it freely, use it only while its Document lives.
class Node {
 public:
  Node() = default;

  bool defined() const { return document_ != nullptr; }
  explicit operator bool() const { return defined(); }
  bool is_null() const;
  bool is_scalar() const;
  bool is_list() const;
  bool is_map() const;

  // A scalar's text; empty for every other node.
  const std::string& scalar() const;
  // Where the node starts (for an alias: where the node it names starts); null when undefined.
  Mark mark() const;
  // Items of a list, entries of a mapping; 0 otherwise.
  std::size_t size() const;
  // Item i of a list; undefined past the end or when this is not a list.
  template <std::integral Index>
  Node operator[](Index i) const {
    if constexpr (std::is_signed_v<Index>)
      if (i < 0) return {};
    return item(static_cast<std::size_t>(i));
  }
  // The value of the first entry whose key is a scalar equal to `key`; undefined when there is
  // none or when this is not a mapping.
  Node operator[](std::string_view key) const;
  Node operator[](const char* key) const { return (*this)[std::string_view(key)]; }
  Node operator[](const std::string& key) const { return (*this)[std::string_view(key)]; }
  // The entries of a mapping in file order; empty when this is not a mapping.
  std::span<const Entry> entries() const;

 private:
  friend class Document;
  Node item(std::size_t i) const;
  Node(const Document* document, std::uint32_t index) : document_(document), index_(index) {}

  const Document* document_ = nullptr;
  std::uint32_t index_ = 0;
};

// One key: value of a mapping (first: the key, second: the value).
struct Entry {
  Node first;
  Node second;
};

// A parsed text. Nodes point into it: it is neither copied nor moved.
class Document {
 public:
  // yaml-cpp's guard was 500 levels; the readers keep it (docs/errors.md).
  static constexpr long default_max_depth = 500;

  // Throws ParseError; std::bad_alloc when libyaml runs out of memory.
  explicit Document(std::string_view text, long max_depth = default_max_depth);
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  // The document's root: undefined for a text with no document (empty, or comments only), null
  // for an empty document ("---" alone).
  Node root() const { return root_; }

 private:
  friend class Node;
  enum class Kind : std::uint8_t { null, scalar, list, map };
  struct Data {
    Kind kind;
    Mark mark;
    // scalar: index in scalars_; list: first item in items_; map: first entry in entries_.
    std::uint32_t first = 0;
    std::uint32_t count = 0;
  };

  std::vector<Data> nodes_;
  std::vector<std::string> scalars_;
  std::vector<Node> items_;
  std::vector<Entry> entries_;
  Node root_;
};

}  // namespace parley::detail::yaml
