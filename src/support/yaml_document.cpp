#include "support/yaml_document.hpp"

#include <yaml.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <new>
#include <unordered_map>

namespace parley::detail::yaml {
namespace {

const std::string kEmpty;

Mark mark_of(const yaml_mark_t& mark) {
  return {static_cast<long>(mark.line), static_cast<long>(mark.column)};
}

// The line and column of byte `offset` (libyaml's reader errors give the offset only).
Mark mark_at_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const auto line = static_cast<long>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t start = before.rfind('\n');
  const auto column =
      static_cast<long>(start == std::string_view::npos ? offset : offset - start - 1);
  return {line, column};
}

// libyaml's message for the error that stopped the parser, with its context ("while parsing a
// block mapping") and where that began.
ParseError parser_error(const yaml_parser_t& parser, std::string_view text) {
  if (parser.error == YAML_MEMORY_ERROR) throw std::bad_alloc();
  std::string message = parser.problem ? parser.problem : "unreadable YAML";
  if (parser.error == YAML_READER_ERROR) {
    // The value is a byte when the problem is an octet, else a character.
    if (parser.problem_value != -1) {
      char value[40];
      const bool octet = message.find("octet") != std::string::npos;
      std::snprintf(value, sizeof value, octet ? " (byte 0x%02X)" : " (U+%04X)",
                    static_cast<unsigned>(parser.problem_value));
      message += value;
    }
    return ParseError(message, mark_at_offset(text, parser.problem_offset),
                      ParseError::Kind::encoding);
  }
  if (parser.context) {
    message += std::string(" (") + parser.context;
    if (parser.context_mark.line != parser.problem_mark.line ||
        parser.context_mark.column != parser.problem_mark.column)
      message += " at line " + std::to_string(parser.context_mark.line + 1) + ", column " +
                 std::to_string(parser.context_mark.column + 1);
    message += ")";
  }
  return ParseError(message, mark_of(parser.problem_mark));
}

std::string_view scalar_text(const yaml_event_t& event) {
  return {reinterpret_cast<const char*>(event.data.scalar.value), event.data.scalar.length};
}

// A plain, untagged "", "~", "null", "Null" or "NULL".
bool names_null(const yaml_event_t& event) {
  if (event.data.scalar.tag != nullptr || event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return false;
  const std::string_view value = scalar_text(event);
  return value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL";
}

const char* anchor_of(const yaml_event_t& event) {
  const yaml_char_t* anchor = nullptr;
  switch (event.type) {
    case YAML_SCALAR_EVENT:
      anchor = event.data.scalar.anchor;
      break;
    case YAML_SEQUENCE_START_EVENT:
      anchor = event.data.sequence_start.anchor;
      break;
    case YAML_MAPPING_START_EVENT:
      anchor = event.data.mapping_start.anchor;
      break;
    default:
      break;
  }
  return reinterpret_cast<const char*>(anchor);
}

// libyaml's parser and its current event, released however the parse ends.
class Events {
 public:
  explicit Events(std::string_view text) : text_(text) {
    if (!yaml_parser_initialize(&parser_)) throw std::bad_alloc();
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~Events() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  Events(const Events&) = delete;
  Events& operator=(const Events&) = delete;

  // The next event; ParseError when the text is not YAML.
  const yaml_event_t& next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = false;
    if (!yaml_parser_parse(&parser_, &event_)) throw parser_error(parser_, text_);
    has_event_ = true;
    return event_;
  }

 private:
  std::string_view text_;
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool has_event_ = false;
};

}  // namespace

Document::Document(std::string_view text, long max_depth) {
  if (text.size() >= std::numeric_limits<std::uint32_t>::max())
    throw ParseError("a text of " + std::to_string(text.size()) + " bytes", Mark{});
  Events events(text);
  // Anchors by name: the node, and whether it is complete (an alias inside it is a cycle).
  struct Anchor {
    std::uint32_t node;
    bool complete;
  };
  std::unordered_map<std::string, Anchor> anchors;  // elements keep their address
  // The collections being read, innermost last, and the nodes read inside them so far.
  struct Open {
    std::uint32_t node;
    std::size_t first_child;
    Anchor* anchor;  // the anchor it defines, if any
  };
  std::vector<Open> open;
  std::vector<Node> children;
  int documents = 0;

  const auto add = [&](Node node) {
    if (open.empty())
      root_ = node;
    else
      children.push_back(node);
  };
  // A new node, and the anchor it defines (complete unless a collection).
  const auto new_node = [&](Kind kind,
                            const yaml_event_t& event) -> std::pair<std::uint32_t, Anchor*> {
    if (nodes_.size() >= std::numeric_limits<std::uint32_t>::max()) throw std::bad_alloc();
    nodes_.push_back({kind, mark_of(event.start_mark)});
    const auto index = static_cast<std::uint32_t>(nodes_.size() - 1);
    Anchor* anchor = nullptr;
    if (const char* name = anchor_of(event)) {
      anchor = &anchors[name];
      *anchor = {index, kind == Kind::scalar || kind == Kind::null};
    }
    return {index, anchor};
  };

  for (;;) {
    const yaml_event_t& event = events.next();
    switch (event.type) {
      case YAML_STREAM_START_EVENT:
      case YAML_DOCUMENT_END_EVENT:
      case YAML_NO_EVENT:
        break;
      case YAML_STREAM_END_EVENT:
        return;
      case YAML_DOCUMENT_START_EVENT:
        if (++documents > 1)
          throw ParseError("a second document ('---' after the first document)",
                           mark_of(event.start_mark));
        anchors.clear();
        break;
      case YAML_SCALAR_EVENT: {
        const bool null = names_null(event);
        const std::uint32_t index = new_node(null ? Kind::null : Kind::scalar, event).first;
        if (!null) {
          nodes_[index].first = static_cast<std::uint32_t>(scalars_.size());
          scalars_.emplace_back(scalar_text(event));
        }
        add(Node(this, index));
        break;
      }
      case YAML_ALIAS_EVENT: {
        const char* name = reinterpret_cast<const char*>(event.data.alias.anchor);
        const auto found = anchors.find(name);
        if (found == anchors.end())
          throw ParseError("alias *" + std::string(name) + " names no anchor before it",
                           mark_of(event.start_mark));
        if (!found->second.complete)
          throw ParseError("alias *" + std::string(name) + " inside the node it names (a cycle)",
                           mark_of(event.start_mark));
        add(Node(this, found->second.node));
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (static_cast<long>(open.size()) >= max_depth)
          throw ParseError(
              "lists or mappings nested more than " + std::to_string(max_depth) + " levels deep",
              mark_of(event.start_mark), ParseError::Kind::too_deep,
              static_cast<long>(open.size()) + 1);
        const Kind kind = event.type == YAML_SEQUENCE_START_EVENT ? Kind::list : Kind::map;
        const auto [index, anchor] = new_node(kind, event);
        open.push_back({index, children.size(), anchor});
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        const Open done = open.back();
        open.pop_back();
        Data& data = nodes_[done.node];
        // By index: `children` may never have been allocated (an empty mapping first), and an
        // iterator into no storage must not be moved (fuzz finding F11).
        const std::size_t first = done.first_child, end = children.size();
        if (data.kind == Kind::list) {
          data.first = static_cast<std::uint32_t>(items_.size());
          data.count = static_cast<std::uint32_t>(end - first);
          for (std::size_t k = first; k < end; ++k) items_.push_back(children[k]);
        } else {
          data.first = static_cast<std::uint32_t>(entries_.size());
          data.count = static_cast<std::uint32_t>((end - first) / 2);
          for (std::size_t k = first; k + 1 < end; k += 2)
            entries_.push_back({children[k], children[k + 1]});
        }
        children.resize(first);
        if (done.anchor && done.anchor->node == done.node) done.anchor->complete = true;
        add(Node(this, done.node));
        break;
      }
    }
  }
}

bool Node::is_null() const {
  return defined() && document_->nodes_[index_].kind == Document::Kind::null;
}
bool Node::is_scalar() const {
  return defined() && document_->nodes_[index_].kind == Document::Kind::scalar;
}
bool Node::is_list() const {
  return defined() && document_->nodes_[index_].kind == Document::Kind::list;
}
bool Node::is_map() const {
  return defined() && document_->nodes_[index_].kind == Document::Kind::map;
}

const std::string& Node::scalar() const {
  if (!is_scalar()) return kEmpty;
  return document_->scalars_[document_->nodes_[index_].first];
}

Mark Node::mark() const { return defined() ? document_->nodes_[index_].mark : Mark{}; }

std::size_t Node::size() const {
  if (!is_list() && !is_map()) return 0;
  return document_->nodes_[index_].count;
}

Node Node::item(std::size_t i) const {
  if (!is_list() || i >= document_->nodes_[index_].count) return {};
  return document_->items_[document_->nodes_[index_].first + i];
}

Node Node::operator[](std::string_view key) const {
  for (const Entry& entry : entries())
    if (entry.first.is_scalar() && entry.first.scalar() == key) return entry.second;
  return {};
}

std::span<const Entry> Node::entries() const {
  if (!is_map()) return {};
  const Document::Data& data = document_->nodes_[index_];
  return {document_->entries_.data() + data.first, data.count};
}

}  // namespace parley::detail::yaml
